package io.dataexport.worker;

import com.mongodb.client.MongoDatabase;
import io.dataexport.archive.ArchiveStore;
import io.dataexport.archive.ArchiveStoreProperties;
import io.dataexport.audit.AuditPublisher;
import io.dataexport.export.ExportJobStore;
import io.dataexport.kafka.KafkaTopicsProperties;
import io.dataexport.worker.archive.ExportArchiveWriter;
import io.dataexport.worker.run.ExportMetrics;
import io.dataexport.worker.run.ExportRequestListener;
import io.dataexport.worker.run.ExportRunner;
import io.dataexport.worker.run.ExportSweeper;
import io.dataexport.worker.run.WorkerProperties;
import io.dataexport.worker.source.UserDataReader;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.ExponentialBackOff;
import tools.jackson.core.JacksonException;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(WorkerProperties.class)
class WorkerConfiguration {

  @Bean
  ExportRunner exportRunner(
      ExportJobStore jobs,
      MongoDatabase database,
      ArchiveStore archives,
      AuditPublisher audit,
      ArchiveStoreProperties archiveProperties,
      WorkerProperties worker,
      MeterRegistry meters,
      Clock clock) {
    ExportArchiveWriter writer =
        new ExportArchiveWriter(
            new UserDataReader(database), worker.sectionCap(), worker.spoolDirectory(), clock);
    return new ExportRunner(
        jobs,
        writer,
        archives,
        audit,
        archiveProperties.retention(),
        worker.heartbeatInterval(),
        clock,
        new ExportMetrics(meters));
  }

  @Bean
  ExportRequestListener exportRequestListener(ExportRunner runner) {
    return new ExportRequestListener(runner);
  }

  @Bean
  ExportSweeper exportSweeper(
      ExportJobStore jobs,
      ArchiveStore archives,
      AuditPublisher audit,
      KafkaTemplate<String, String> kafka,
      KafkaTopicsProperties topics,
      WorkerProperties worker,
      Clock clock) {
    return new ExportSweeper(
        jobs,
        archives,
        audit,
        kafka,
        topics.exportRequestedTopic(),
        worker.stalledAfter(),
        worker.requeuePendingAfter(),
        clock);
  }

  /**
   * Failure policy of the listener (Spring Boot applies this bean to its container factory). A
   * user's export waiting for another of theirs is retried with backoff, holding the partition, so
   * their exports still run in order; an unreadable event is never worth retrying. What exhausts
   * its retries is logged and left to the sweeper, which requests PENDING jobs again.
   */
  @Bean
  DefaultErrorHandler exportErrorHandler() {
    ExponentialBackOff backOff = new ExponentialBackOff(1_000, 2.0);
    backOff.setMaxInterval(30_000);
    backOff.setMaxElapsedTime(10 * 60_000);
    DefaultErrorHandler handler = new DefaultErrorHandler(backOff);
    handler.addNotRetryableExceptions(JacksonException.class, IllegalArgumentException.class);
    return handler;
  }
}
