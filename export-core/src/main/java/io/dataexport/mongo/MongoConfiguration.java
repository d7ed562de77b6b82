package io.dataexport.mongo;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(MongoProperties.class)
public class MongoConfiguration {

  @Bean(destroyMethod = "close")
  MongoClient dataExportMongoClient(MongoProperties properties) {
    return MongoClients.create(properties.uri());
  }

  @Bean
  MongoDatabase dataExportDatabase(MongoClient client, MongoProperties properties) {
    return client.getDatabase(properties.database());
  }

  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
  static class Health {
    @Bean
    MongoHealthIndicator mongoHealthIndicator(MongoDatabase database) {
      return new MongoHealthIndicator(database);
    }
  }
}
