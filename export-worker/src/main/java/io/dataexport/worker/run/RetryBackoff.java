package io.dataexport.worker.run;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Capped exponential backoff with jitter: {@code first × 2^(n-1)}, at most {@code max}, then a
 * random half of it to the whole, so workers that failed together do not retry together.
 */
record RetryBackoff(Duration first, Duration max) {

  Duration afterAttempt(int attempt) {
    long doubled = first.toMillis() << Math.min(Math.max(attempt - 1, 0), 20);
    long capped = Math.min(doubled, max.toMillis());
    return Duration.ofMillis(ThreadLocalRandom.current().nextLong(capped / 2, capped + 1));
  }
}
