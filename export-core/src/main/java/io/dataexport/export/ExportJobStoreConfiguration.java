package io.dataexport.export;

import com.mongodb.client.MongoDatabase;
import io.dataexport.export.mongo.MongoExportJobStore;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
public class ExportJobStoreConfiguration {

  @Bean
  MongoExportJobStore exportJobStore(MongoDatabase database) {
    MongoExportJobStore store = new MongoExportJobStore(database);
    store.createIndexes();
    return store;
  }
}
