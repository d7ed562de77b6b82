package io.dataexport.audit.seal;

import io.dataexport.kafka.KafkaTopicsProperties;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * The audit sealer, for the service that runs it (the worker), when {@link SealingConfigured}: with
 * {@code dataexport.audit.seal.enabled=true} a missing or unreadable signing key stops the service
 * at start rather than leaving the trail quietly unsealed.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(SealingConfigured.class)
@EnableConfigurationProperties(SealProperties.class)
public class AuditSealConfiguration {

  @Bean
  AuditSealer auditSealer(
      SealProperties seal,
      KafkaProperties kafkaProperties,
      KafkaTemplate<String, String> kafka,
      KafkaTopicsProperties topics,
      @Value("${spring.application.name}") String application,
      Clock clock,
      MeterRegistry meters) {
    DigestSigner signer = DigestSigner.fromPkcs8Base64(seal.keyId(), seal.signingKey());
    return new AuditSealer(
        new KafkaConsumer<>(consumerProperties(kafkaProperties, seal, application)),
        kafka,
        topics.auditTopic(),
        "/dataexport/" + application,
        signer,
        seal.interval(),
        clock,
        new SealMetrics(meters, clock));
  }

  /** The service's Kafka settings (address, security), as a consumer of raw bytes in its group. */
  static Map<String, Object> consumerProperties(
      KafkaProperties kafka, SealProperties seal, String application) {
    Map<String, Object> props = new HashMap<>(kafka.buildConsumerProperties());
    props.put(ConsumerConfig.GROUP_ID_CONFIG, seal.groupId());
    props.put(ConsumerConfig.CLIENT_ID_CONFIG, application + "-audit-sealer");
    // exact bytes: the digest covers the records as stored, not as a deserializer sees them
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    // the sealer finds its place in the partition itself; committed offsets would mean nothing
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500);
    return props;
  }
}
