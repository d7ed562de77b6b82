package io.dataexport.kafka;

import io.dataexport.event.Topics;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The topics this service uses and how they are created when missing. The broker address is Spring
 * Boot's {@code spring.kafka.bootstrap-servers} ({@code SPRING_KAFKA_BOOTSTRAP_SERVERS}).
 *
 * @param partitions partitions of the requests topic: the most workers that can share the work
 */
@ConfigurationProperties("dataexport.kafka")
public record KafkaTopicsProperties(
    @DefaultValue(Topics.EXPORT_REQUESTED) String exportRequestedTopic,
    @DefaultValue(Topics.AUDIT) String auditTopic,
    @DefaultValue("6") int partitions,
    @DefaultValue("1") short replicationFactor) {}
