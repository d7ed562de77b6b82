package io.dataexport.audit.kafka;

import io.dataexport.audit.AuditPublisher;
import io.dataexport.audit.AuditUnavailableException;
import io.dataexport.event.AuditEvent;
import io.dataexport.event.EventJson;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.common.KafkaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;

/** CloudEvents on the audit topic, keyed by enterprise so each tenant's trail stays in order. */
public class KafkaAuditPublisher implements AuditPublisher {

  private static final Logger log = LoggerFactory.getLogger(KafkaAuditPublisher.class);

  private final KafkaTemplate<String, String> kafka;
  private final String topic;
  private final String source;
  private final Clock clock;
  private final Duration sendTimeout;
  private final Counter failures;

  public KafkaAuditPublisher(
      KafkaTemplate<String, String> kafka,
      String topic,
      String source,
      Clock clock,
      Duration sendTimeout,
      MeterRegistry meters) {
    this.kafka = kafka;
    this.topic = topic;
    this.source = source;
    this.clock = clock;
    this.sendTimeout = sendTimeout;
    this.failures =
        Counter.builder("dataexport.audit.publish.failures")
            .description(
                "API-call audit events the audit topic did not take (logged, and the call refused)")
            .register(meters);
  }

  @Override
  public void publish(AuditEvent.Data data) {
    String json = EventJson.write(AuditEvent.of(source, clock.instant(), data));
    try {
      kafka
          .send(topic, data.enterpriseUid(), json)
          .get(sendTimeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw failed(json, "interrupted", e);
    } catch (ExecutionException
        | TimeoutException
        | KafkaException
        | org.springframework.kafka.KafkaException e) {
      // The two KafkaExceptions: thrown by send itself when the broker is out of reach (no
      // metadata within max.block.ms), by the client or wrapped by spring-kafka
      throw failed(json, e.getMessage(), e);
    }
  }

  private AuditUnavailableException failed(String json, String why, Exception cause) {
    failures.increment();
    log.error("audit event not published ({}): {}", why, json);
    return new AuditUnavailableException("the audit trail did not take the event: " + why, cause);
  }
}
