package io.dataexport.audit;

import io.dataexport.audit.kafka.KafkaAuditPublisher;
import io.dataexport.kafka.KafkaTopicsProperties;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaTemplate;

@Configuration(proxyBeanMethods = false)
public class AuditConfiguration {

  @Bean
  AuditPublisher auditPublisher(
      KafkaTemplate<String, String> kafka,
      KafkaTopicsProperties topics,
      @Value("${spring.application.name}") String application,
      Clock clock,
      MeterRegistry meters) {
    return new KafkaAuditPublisher(
        kafka, topics.auditTopic(), "/dataexport/" + application, clock, meters);
  }
}
