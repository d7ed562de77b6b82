package io.dataexport.event;

/**
 * The audited changes of an export job's state, each one audit event type ({@code
 * io.dataexport.audit.job.*}). They are written with the change itself (the job's outbox), so the
 * trail has every one of them even when the audit topic was down at the time.
 */
public enum JobOperation {
  CREATED("job.created"),
  STARTED("job.started"),
  /** A running attempt ended without a result (lease lapsed, passing failure); it runs again. */
  RETRIED("job.retried"),
  /** A worker shutting down gave the job back; another worker runs it. */
  RELEASED("job.released"),
  COMPLETED("job.completed"),
  FAILED("job.failed"),
  CANCELLED("job.cancelled"),
  ARCHIVE_EXPIRED("job.archive_expired"),
  LEGAL_HOLD_SET("job.legal_hold_set"),
  LEGAL_HOLD_RELEASED("job.legal_hold_released");

  private final String wireName;

  JobOperation(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }
}
