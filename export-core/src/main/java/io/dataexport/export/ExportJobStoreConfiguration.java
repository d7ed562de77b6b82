package io.dataexport.export;

import com.mongodb.client.MongoDatabase;
import io.dataexport.export.mongo.MongoExportJobStore;
import io.dataexport.mongo.MongoProperties;
import io.dataexport.mongo.UntilReachable;
import io.dataexport.outbox.OutboxRelay;
import io.dataexport.outbox.OutboxTracing;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
public class ExportJobStoreConfiguration {

  @Bean
  MongoExportJobStore exportJobStore(
      MongoDatabase database,
      OutboxRelay relay,
      OutboxTracing tracing,
      MongoProperties mongo,
      @Value("${spring.application.name}") String application) {
    MongoExportJobStore store =
        new MongoExportJobStore(
            database, new JobEvents("/dataexport/" + application, tracing), relay);
    // The per-user rules are unique indexes: no job is written before they exist.
    UntilReachable.run("creating the job indexes", mongo.startupTimeout(), store::createIndexes);
    return store;
  }
}
