package io.dataexport.export;

import com.mongodb.client.MongoDatabase;
import io.dataexport.export.mongo.MongoExportJobStore;
import io.dataexport.outbox.OutboxRelay;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
public class ExportJobStoreConfiguration {

  @Bean
  MongoExportJobStore exportJobStore(
      MongoDatabase database,
      OutboxRelay relay,
      @Value("${spring.application.name}") String application) {
    MongoExportJobStore store =
        new MongoExportJobStore(database, new JobEvents("/dataexport/" + application), relay);
    store.createIndexes();
    return store;
  }
}
