package io.dataexport.kafka;

import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;

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
}
