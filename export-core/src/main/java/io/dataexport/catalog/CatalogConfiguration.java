package io.dataexport.catalog;

import com.mongodb.client.MongoDatabase;
import io.dataexport.catalog.mongo.MongoMemberDirectory;
import io.dataexport.catalog.mongo.MongoTaskCatalog;
import io.dataexport.catalog.mongo.MongoUserCatalog;
import io.dataexport.catalog.mongo.SourceIndexes;
import io.dataexport.mongo.MongoProperties;
import io.dataexport.mongo.UntilReachable;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
public class CatalogConfiguration {

  @Bean
  UserCatalog userCatalog(MongoDatabase database, MongoProperties mongo) {
    if (mongo.createSourceIndexes()) {
      UntilReachable.run(
          "creating the source indexes",
          mongo.startupTimeout(),
          () -> SourceIndexes.create(database));
    }
    return new MongoUserCatalog(database);
  }

  @Bean
  TaskCatalog taskCatalog(MongoDatabase database, UserCatalog users) {
    return new MongoTaskCatalog(database, users);
  }

  @Bean
  MemberDirectory memberDirectory(MongoDatabase database) {
    return new MongoMemberDirectory(database);
  }
}
