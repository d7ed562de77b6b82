package io.dataexport.event;

/** Default Kafka topic names; deployments may override them through configuration. */
public final class Topics {

  /** {@link ExportRequested} events, keyed {@code <enterprise_uid>/<user_id>}. */
  public static final String EXPORT_REQUESTED = "dataexport.export-requested.v1";

  /** CloudEvents {@link AuditEvent}s, keyed {@code <enterprise_uid>}. */
  public static final String AUDIT = "dataexport.audit.v1";

  private Topics() {}
}
