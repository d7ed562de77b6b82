package io.dataexport;

import io.dataexport.archive.ArchiveStoreConfiguration;
import io.dataexport.audit.AuditConfiguration;
import io.dataexport.catalog.CatalogConfiguration;
import io.dataexport.export.ExportJobStoreConfiguration;
import io.dataexport.kafka.KafkaTopicsConfiguration;
import io.dataexport.mongo.MongoConfiguration;
import io.dataexport.outbox.OutboxConfiguration;
import io.dataexport.time.ClockConfiguration;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/** The adapters both services share; each service application imports this. */
@Configuration(proxyBeanMethods = false)
@Import({
  ClockConfiguration.class,
  MongoConfiguration.class,
  ExportJobStoreConfiguration.class,
  CatalogConfiguration.class,
  ArchiveStoreConfiguration.class,
  KafkaTopicsConfiguration.class,
  OutboxConfiguration.class,
  AuditConfiguration.class
})
public class CoreConfiguration {}
