package io.dataexport.export;

/** A new export was not stored; {@link #reason()} says why, the message says it for people. */
public class CreateRefusedException extends RuntimeException {

  public enum Reason {
    /** The user already has as many PENDING or PROCESSING exports as allowed. */
    TOO_MANY_QUEUED,
    /** The Idempotency-Key already created an export for a different request. */
    IDEMPOTENCY_KEY_REUSED
  }

  private final Reason reason;

  public CreateRefusedException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
