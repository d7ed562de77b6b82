package io.dataexport.audit.kafka;

import io.dataexport.audit.AuditPublisher;
import io.dataexport.event.AuditEvent;
import io.dataexport.event.EventJson;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
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
  private static final long SEND_TIMEOUT_SECONDS = 10;

  private final KafkaTemplate<String, String> kafka;
  private final String topic;
  private final String source;
  private final Clock clock;
  private final Counter failures;

  public KafkaAuditPublisher(
      KafkaTemplate<String, String> kafka,
      String topic,
      String source,
      Clock clock,
      MeterRegistry meters) {
    this.kafka = kafka;
    this.topic = topic;
    this.source = source;
    this.clock = clock;
    this.failures =
        Counter.builder("dataexport.audit.publish.failures")
            .description("API-call audit events the audit topic did not take (logged instead)")
            .register(meters);
  }

  @Override
  public void publish(AuditEvent.Data data) {
    String json = EventJson.write(AuditEvent.of(source, clock.instant(), data));
    try {
      kafka.send(topic, data.enterpriseUid(), json).get(SEND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      failures.increment();
      log.error("audit event not published (interrupted): {}", json);
    } catch (ExecutionException | TimeoutException | KafkaException e) {
      // KafkaException: thrown by send itself when the broker is out of reach (no metadata)
      failures.increment();
      log.error("audit event not published ({}): {}", e.getMessage(), json);
    }
  }
}
