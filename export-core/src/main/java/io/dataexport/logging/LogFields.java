package io.dataexport.logging;

/**
 * The names our code gives the diagnostic context (SLF4J's MDC) of a log line; with structured
 * logging each becomes a field of the JSON line, beside the tracer's {@code traceId} and {@code
 * spanId}. The same names as in the audit events.
 */
public final class LogFields {

  /** The API call's id, also the {@code X-Request-Id} header and the audit event's. */
  public static final String REQUEST_ID = "request_id";

  public static final String ENTERPRISE_UID = "enterprise_uid";

  public static final String EXPORT_UID = "export_uid";

  private LogFields() {}
}
