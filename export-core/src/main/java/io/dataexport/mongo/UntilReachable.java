package io.dataexport.mongo;

import com.mongodb.MongoSocketException;
import com.mongodb.MongoTimeoutException;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a start-up step against MongoDB again while MongoDB is out of reach, up to a deadline. A
 * service started during a MongoDB outage (or before MongoDB is up, as in docker-compose) then
 * waits for it instead of exiting; only when the deadline passes does its start fail.
 */
public final class UntilReachable {

  private static final Logger log = LoggerFactory.getLogger(UntilReachable.class);
  private static final Duration MAX_PAUSE = Duration.ofSeconds(5);

  private UntilReachable() {}

  public static void run(String step, Duration deadline, Runnable action) {
    Instant giveUp = Instant.now().plus(deadline);
    Duration pause = Duration.ofMillis(250);
    while (true) {
      try {
        action.run();
        return;
      } catch (MongoTimeoutException | MongoSocketException e) {
        if (Instant.now().plus(pause).isAfter(giveUp)) {
          throw e;
        }
        log.warn("{}: MongoDB unreachable ({}); trying again in {}", step, e.getMessage(), pause);
        sleep(pause);
        pause = pause.multipliedBy(2).compareTo(MAX_PAUSE) > 0 ? MAX_PAUSE : pause.multipliedBy(2);
      }
    }
  }

  private static void sleep(Duration pause) {
    try {
      Thread.sleep(pause.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for MongoDB", e);
    }
  }
}
