package io.dataexport.kafka;

import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;

/** Declares the topics; Spring's KafkaAdmin creates those that do not exist yet at start-up. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(KafkaTopicsProperties.class)
public class KafkaTopicsConfiguration {

  @Bean
  NewTopic exportRequestedTopic(KafkaTopicsProperties topics) {
    return TopicBuilder.name(topics.exportRequestedTopic())
        .partitions(topics.partitions())
        .replicas(topics.replicationFactor())
        .build();
  }

  @Bean
  NewTopic auditTopic(KafkaTopicsProperties topics) {
    return TopicBuilder.name(topics.auditTopic())
        .partitions(topics.partitions())
        .replicas(topics.replicationFactor())
        .build();
  }

  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
  static class Health {
    @Bean(destroyMethod = "close")
    KafkaHealthIndicator kafkaHealthIndicator(KafkaAdmin kafkaAdmin) {
      return new KafkaHealthIndicator(kafkaAdmin);
    }
  }
}
