package io.dataexport.audit;

import io.dataexport.audit.kafka.KafkaAuditPublisher;
import io.dataexport.kafka.KafkaTopicsProperties;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
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
      // above the producer's delivery timeout, so that a send the call gave up on has failed too
      @Value("${dataexport.audit.send-timeout:6s}") Duration sendTimeout,
      Clock clock,
      MeterRegistry meters) {
    return new KafkaAuditPublisher(
        kafka, topics.auditTopic(), "/dataexport/" + application, clock, sendTimeout, meters);
  }
}
