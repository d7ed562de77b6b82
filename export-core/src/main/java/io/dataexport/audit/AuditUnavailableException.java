package io.dataexport.audit;

/**
 * The audit trail did not take an event in time. Whoever asked for the audited operation must not
 * get its result: an operation that cannot be audited is refused (fail-closed).
 */
public class AuditUnavailableException extends RuntimeException {

  public AuditUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
