package io.dataexport.catalog;

import com.mongodb.client.MongoDatabase;
import io.dataexport.catalog.mongo.MongoTaskCatalog;
import io.dataexport.catalog.mongo.MongoUserCatalog;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
public class CatalogConfiguration {

  @Bean
  UserCatalog userCatalog(MongoDatabase database) {
    return new MongoUserCatalog(database);
  }

  @Bean
  TaskCatalog taskCatalog(MongoDatabase database, UserCatalog users) {
    return new MongoTaskCatalog(database, users);
  }
}
