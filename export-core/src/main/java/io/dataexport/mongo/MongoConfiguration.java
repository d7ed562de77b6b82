package io.dataexport.mongo;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import java.util.concurrent.TimeUnit;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(MongoProperties.class)
public class MongoConfiguration {

  /**
   * The driver waits 30 s for a reachable server by default; an API call would hang that long
   * during an outage. Unless the URI says otherwise, give up after {@code server-selection-timeout}
   * so the caller hears {@code unavailable} at once and can retry.
   */
  @Bean(destroyMethod = "close")
  MongoClient dataExportMongoClient(MongoProperties properties) {
    ConnectionString uri = new ConnectionString(properties.uri());
    MongoClientSettings.Builder settings = MongoClientSettings.builder().applyConnectionString(uri);
    if (uri.getServerSelectionTimeout() == null) {
      settings.applyToClusterSettings(
          cluster ->
              cluster.serverSelectionTimeout(
                  properties.serverSelectionTimeout().toMillis(), TimeUnit.MILLISECONDS));
    }
    return MongoClients.create(settings.build());
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
