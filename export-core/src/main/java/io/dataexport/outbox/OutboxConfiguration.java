package io.dataexport.outbox;

import com.mongodb.client.MongoDatabase;
import io.dataexport.export.mongo.MongoJobOutbox;
import io.dataexport.kafka.KafkaTopicsProperties;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaTemplate;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(OutboxProperties.class)
public class OutboxConfiguration {

  @Bean(initMethod = "start", destroyMethod = "close")
  OutboxRelay outboxRelay(
      MongoDatabase database,
      KafkaTemplate<String, String> kafka,
      KafkaTopicsProperties topics,
      OutboxProperties settings,
      Clock clock,
      MeterRegistry meters) {
    return new OutboxRelay(new MongoJobOutbox(database), kafka, topics, settings, clock, meters);
  }
}
