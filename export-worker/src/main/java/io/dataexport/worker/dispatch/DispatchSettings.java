package io.dataexport.worker.dispatch;

import java.time.Duration;
import java.util.Objects;

/**
 * Limits of a {@link KeyOrderedDispatcher}.
 *
 * @param maxConcurrent records running at once across the worker (the size of its thread pool)
 * @param maxConcurrentPerTenant records of one tenant running at once
 * @param maxBufferedPerPartition unfinished records of one partition at which its consumption is
 *     paused; it resumes once fewer than half remain
 * @param firstFailureDelay wait before retrying a record whose work threw, doubled on every further
 *     failure of the same record
 * @param maxFailureDelay cap of that doubling
 * @param stopGrace how long, once running work has been asked to stop, shutdown waits for it
 */
public record DispatchSettings(
    int maxConcurrent,
    int maxConcurrentPerTenant,
    int maxBufferedPerPartition,
    Duration firstFailureDelay,
    Duration maxFailureDelay,
    Duration stopGrace) {

  public static final Duration DEFAULT_FIRST_FAILURE_DELAY = Duration.ofSeconds(1);
  public static final Duration DEFAULT_MAX_FAILURE_DELAY = Duration.ofMinutes(5);
  public static final Duration DEFAULT_STOP_GRACE = Duration.ofSeconds(10);

  public DispatchSettings {
    requirePositive(maxConcurrent, "maxConcurrent");
    requirePositive(maxConcurrentPerTenant, "maxConcurrentPerTenant");
    requirePositive(maxBufferedPerPartition, "maxBufferedPerPartition");
    Objects.requireNonNull(firstFailureDelay, "firstFailureDelay");
    Objects.requireNonNull(maxFailureDelay, "maxFailureDelay");
    Objects.requireNonNull(stopGrace, "stopGrace");
    if (firstFailureDelay.isNegative() || maxFailureDelay.compareTo(firstFailureDelay) < 0) {
      throw new IllegalArgumentException(
          "failure delays must satisfy 0 <= first <= max, got "
              + firstFailureDelay
              + " and "
              + maxFailureDelay);
    }
  }

  public DispatchSettings(
      int maxConcurrent, int maxConcurrentPerTenant, int maxBufferedPerPartition) {
    this(
        maxConcurrent,
        maxConcurrentPerTenant,
        maxBufferedPerPartition,
        DEFAULT_FIRST_FAILURE_DELAY,
        DEFAULT_MAX_FAILURE_DELAY,
        DEFAULT_STOP_GRACE);
  }

  public DispatchSettings withFailureDelays(Duration first, Duration max) {
    return new DispatchSettings(
        maxConcurrent, maxConcurrentPerTenant, maxBufferedPerPartition, first, max, stopGrace);
  }

  public DispatchSettings withStopGrace(Duration grace) {
    return new DispatchSettings(
        maxConcurrent,
        maxConcurrentPerTenant,
        maxBufferedPerPartition,
        firstFailureDelay,
        maxFailureDelay,
        grace);
  }

  /** The wait before the next try of a record whose work has now thrown {@code failures} times. */
  Duration failureDelay(int failures) {
    Duration delay = firstFailureDelay;
    if (delay.isZero()) {
      return delay;
    }
    for (int i = 1; i < failures && delay.compareTo(maxFailureDelay) < 0; i++) {
      delay = delay.multipliedBy(2);
    }
    return delay.compareTo(maxFailureDelay) < 0 ? delay : maxFailureDelay;
  }

  private static void requirePositive(int value, String name) {
    if (value < 1) {
      throw new IllegalArgumentException(name + " must be at least 1, got " + value);
    }
  }
}
