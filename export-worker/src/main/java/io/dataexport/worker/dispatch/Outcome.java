package io.dataexport.worker.dispatch;

import java.time.Duration;
import java.util.Objects;

/** How one run of a {@link RecordWork} ended, and so what becomes of its record. */
public sealed interface Outcome {

  /** The record is finished: it may be committed and the next record of its key may run. */
  static Outcome done() {
    return Done.INSTANCE;
  }

  /**
   * The record could not be handled yet (the user's previous export still runs elsewhere, a
   * transient failure, a stop request): it stays at the head of its key and runs again after {@code
   * delay}, while other keys keep running.
   */
  static Outcome retryAfter(Duration delay) {
    return new RetryAfter(delay);
  }

  /**
   * The record can never be handled (e.g. unreadable JSON): it is published to the dead-letter
   * topic with {@code reason} and then counts as finished.
   */
  static Outcome deadLetter(Exception reason) {
    return new DeadLetter(reason);
  }

  enum Done implements Outcome {
    INSTANCE
  }

  record RetryAfter(Duration delay) implements Outcome {
    public RetryAfter {
      Objects.requireNonNull(delay, "delay");
      if (delay.isNegative()) {
        throw new IllegalArgumentException("negative retry delay " + delay);
      }
    }
  }

  record DeadLetter(Exception reason) implements Outcome {
    public DeadLetter {
      Objects.requireNonNull(reason, "reason");
    }
  }
}
