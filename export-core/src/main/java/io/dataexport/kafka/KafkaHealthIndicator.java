package io.dataexport.kafka;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * Whether the Kafka cluster answers. Part of readiness: a gateway that cannot reach Kafka still
 * accepts exports (the job documents keep their events until the relay can publish), but an
 * orchestrator should prefer instances that can.
 */
public class KafkaHealthIndicator implements HealthIndicator, AutoCloseable {

  private static final Duration TIMEOUT = Duration.ofSeconds(3);

  private final KafkaAdmin kafkaAdmin;
  private Admin admin;

  public KafkaHealthIndicator(KafkaAdmin kafkaAdmin) {
    this.kafkaAdmin = kafkaAdmin;
  }

  @Override
  public Health health() {
    try {
      int nodes =
          admin()
              .describeCluster(new DescribeClusterOptions().timeoutMs((int) TIMEOUT.toMillis()))
              .nodes()
              .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
              .size();
      return Health.up().withDetail("brokers", nodes).build();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Health.down().withDetail("error", "interrupted").build();
    } catch (Exception e) {
      return Health.down().withDetail("error", e.getClass().getSimpleName()).build();
    }
  }

  private synchronized Admin admin() {
    if (admin == null) {
      admin = Admin.create(kafkaAdmin.getConfigurationProperties());
    }
    return admin;
  }

  @Override
  public synchronized void close() {
    if (admin != null) {
      admin.close(TIMEOUT);
    }
  }
}
