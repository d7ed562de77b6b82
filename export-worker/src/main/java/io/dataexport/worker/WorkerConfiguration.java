package io.dataexport.worker;

import com.mongodb.client.MongoDatabase;
import io.dataexport.archive.ArchiveStore;
import io.dataexport.archive.ArchiveStoreProperties;
import io.dataexport.audit.seal.AuditSealConfiguration;
import io.dataexport.catalog.UserCatalog;
import io.dataexport.export.ExportJobStore;
import io.dataexport.kafka.KafkaTopicsProperties;
import io.dataexport.worker.archive.ExportArchiveWriter;
import io.dataexport.worker.archive.ManifestSigningProperties;
import io.dataexport.worker.dispatch.DispatchSettings;
import io.dataexport.worker.dispatch.DispatcherLifecycle;
import io.dataexport.worker.dispatch.DispatcherRebalanceListener;
import io.dataexport.worker.dispatch.KeyOrderedDispatcher;
import io.dataexport.worker.dispatch.ListenerContainerPartitionControl;
import io.dataexport.worker.run.ExportMetrics;
import io.dataexport.worker.run.ExportRequestListener;
import io.dataexport.worker.run.ExportTracing;
import io.dataexport.worker.run.ExportWork;
import io.dataexport.worker.run.WorkerProperties;
import io.dataexport.worker.source.UserDataReader;
import io.dataexport.worker.source.bucket.SourceBucket;
import io.dataexport.worker.sweep.AbandonedFiles;
import io.dataexport.worker.sweep.ArchiveRetention;
import io.dataexport.worker.sweep.LeaseExpiry;
import io.dataexport.worker.sweep.PendingRequeue;
import io.dataexport.worker.workspace.WorkspaceArchiveWriter;
import io.dataexport.worker.workspace.WorkspaceSections;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import java.time.Clock;
import java.time.Duration;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({WorkerProperties.class, ManifestSigningProperties.class})
// the workers seal the audit trail, sharing its partitions through the sealers' consumer group
@Import(AuditSealConfiguration.class)
class WorkerConfiguration {

  /** Suffix of the dead-letter topic: unreadable requests go there, same partition. */
  static final String DEAD_LETTER_SUFFIX = "-dlt";

  @Bean
  ExportWork exportWork(
      ExportJobStore jobs,
      MongoDatabase database,
      SourceBucket sourceBucket,
      ArchiveStore archives,
      UserCatalog users,
      ArchiveStoreProperties archiveProperties,
      WorkerProperties worker,
      ManifestSigningProperties manifestSigning,
      MeterRegistry meters,
      Clock clock,
      ObjectProvider<Tracer> tracer,
      ObjectProvider<Propagator> propagator) {
    UserDataReader userData =
        new UserDataReader(database, sourceBucket, worker.parentIdsInMemory());
    ExportArchiveWriter userArchives =
        new ExportArchiveWriter(
            userData,
            worker.sectionCap(),
            worker.spoolDirectory(),
            clock,
            manifestSigning.signer());
    WorkspaceArchiveWriter workspaceArchives =
        WorkspaceSections.writer(
            database, jobs, userData, worker.workspaceSectionCap(), worker.spoolDirectory(), clock);
    return ExportWork.create(
        jobs,
        userArchives,
        workspaceArchives,
        archives,
        users,
        archiveProperties.retention(),
        worker,
        new ExportMetrics(meters, users),
        clock,
        tracing(tracer.getIfUnique(), propagator.getIfUnique()));
  }

  private static ExportTracing tracing(Tracer tracer, Propagator propagator) {
    return tracer == null || propagator == null
        ? ExportTracing.NONE
        : new ExportTracing(tracer, propagator);
  }

  @Bean(destroyMethod = "close")
  KeyOrderedDispatcher exportDispatcher(
      ExportWork work,
      WorkerProperties worker,
      KafkaListenerEndpointRegistry registry,
      KafkaTemplate<String, String> kafka,
      MeterRegistry meters) {
    DispatchSettings settings =
        new DispatchSettings(
                worker.concurrentExports(),
                worker.concurrentPerEnterprise(),
                worker.maxBufferedPerPartition())
            .withFailureDelays(worker.retryBackoff(), worker.retryBackoffMax())
            .withStopGrace(Duration.ofSeconds(10));
    KeyOrderedDispatcher dispatcher =
        new KeyOrderedDispatcher(
            settings,
            work,
            ListenerContainerPartitionControl.forListener(registry, ExportRequestListener.ID),
            new DeadLetterPublishingRecoverer(kafka));
    Gauge.builder("dataexport.worker.exports.running", dispatcher, KeyOrderedDispatcher::running)
        .description("Exports this worker runs right now")
        .register(meters);
    Gauge.builder("dataexport.worker.requests.buffered", dispatcher, KeyOrderedDispatcher::buffered)
        .description("Requests read from Kafka and not yet finished")
        .register(meters);
    return dispatcher;
  }

  @Bean
  DispatcherLifecycle exportDispatcherLifecycle(
      KeyOrderedDispatcher dispatcher, WorkerProperties worker) {
    return new DispatcherLifecycle(dispatcher, worker.shutdownGrace());
  }

  @Bean
  DispatcherRebalanceListener exportDispatcherRebalanceListener(KeyOrderedDispatcher dispatcher) {
    return new DispatcherRebalanceListener(dispatcher);
  }

  @Bean
  ExportRequestListener exportRequestListener(KeyOrderedDispatcher dispatcher) {
    return new ExportRequestListener(dispatcher);
  }

  @Bean
  NewTopic exportRequestedDeadLetterTopic(KafkaTopicsProperties topics) {
    return TopicBuilder.name(topics.exportRequestedTopic() + DEAD_LETTER_SUFFIX)
        .partitions(topics.partitions())
        .replicas(topics.replicationFactor())
        .build();
  }

  @Bean
  LeaseExpiry leaseExpiry(
      ExportJobStore jobs, ArchiveStore archives, WorkerProperties worker, Clock clock) {
    return new LeaseExpiry(jobs, archives, worker.maxAttempts(), clock);
  }

  @Bean
  PendingRequeue pendingRequeue(ExportJobStore jobs, WorkerProperties worker, Clock clock) {
    return new PendingRequeue(jobs, worker.requeuePendingAfter(), clock);
  }

  @Bean
  ArchiveRetention archiveRetention(ExportJobStore jobs, ArchiveStore archives, Clock clock) {
    return new ArchiveRetention(jobs, archives, clock);
  }

  @Bean
  AbandonedFiles abandonedFiles(ArchiveStore archives, WorkerProperties worker, Clock clock) {
    return new AbandonedFiles(archives, worker.spoolDirectory(), worker.abandonedAfter(), clock);
  }
}
