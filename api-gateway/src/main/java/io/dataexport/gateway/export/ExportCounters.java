package io.dataexport.gateway.export;

import io.dataexport.catalog.EnterpriseTier;
import io.dataexport.catalog.UserCatalog;
import io.dataexport.export.ExportJob;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Exports created and cancelled through the API, by scope and enterprise tier (bounded labels); the
 * workers count how the others end. A deduped answer or an Idempotency-Key replay creates nothing
 * and counts nothing.
 */
public class ExportCounters {

  private final MeterRegistry registry;
  private final UserCatalog enterprises;

  public ExportCounters(MeterRegistry registry, UserCatalog enterprises) {
    this.registry = registry;
    this.enterprises = enterprises;
  }

  void created(ExportJob job) {
    // not "...created": Prometheus reserves the _created suffix and would drop it from the name
    counter("dataexport.exports.requested", "Exports created (requested and stored)", job)
        .increment();
  }

  void cancelled(ExportJob job) {
    counter("dataexport.exports.cancelled", "Exports cancelled by an administrator", job)
        .increment();
  }

  private Counter counter(String name, String description, ExportJob job) {
    return Counter.builder(name)
        .description(description)
        .tag("scope", job.filters().scope().name())
        .tag("tier", EnterpriseTier.label(enterprises.tier(job.enterpriseUid())))
        .register(registry);
  }
}
