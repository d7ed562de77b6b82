package io.dataexport.audit.kafka;

import io.dataexport.audit.AuditPublisher;
import io.dataexport.event.AuditEvent;
import io.dataexport.event.EventJson;
import java.time.Clock;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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

  public KafkaAuditPublisher(
      KafkaTemplate<String, String> kafka, String topic, String source, Clock clock) {
    this.kafka = kafka;
    this.topic = topic;
    this.source = source;
    this.clock = clock;
  }

  @Override
  public void publish(AuditEvent.Data data) {
    String json = EventJson.write(AuditEvent.of(source, clock.instant(), data));
    try {
      kafka.send(topic, data.enterpriseUid(), json).get(SEND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      log.error("audit event not published (interrupted): {}", json);
    } catch (ExecutionException | TimeoutException e) {
      log.error("audit event not published ({}): {}", e.getMessage(), json);
    }
  }
}
