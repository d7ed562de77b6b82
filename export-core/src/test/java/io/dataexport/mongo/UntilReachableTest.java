package io.dataexport.mongo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.MongoTimeoutException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class UntilReachableTest {

  @Test
  void aStepIsTriedAgainWhileMongoDbIsOutOfReach() {
    AtomicInteger tries = new AtomicInteger();

    UntilReachable.run(
        "step",
        Duration.ofSeconds(10),
        () -> {
          if (tries.incrementAndGet() < 3) {
            throw new MongoTimeoutException("no server");
          }
        });

    assertThat(tries).hasValue(3);
  }

  @Test
  void pastTheDeadlineTheOutageFailsTheStart() {
    AtomicInteger tries = new AtomicInteger();

    assertThatThrownBy(
            () ->
                UntilReachable.run(
                    "step",
                    Duration.ofMillis(300),
                    () -> {
                      tries.incrementAndGet();
                      throw new MongoTimeoutException("no server");
                    }))
        .isInstanceOf(MongoTimeoutException.class);
    assertThat(tries.get()).isBetween(1, 3);
  }

  @Test
  void anyOtherFailureIsNotRetried() {
    AtomicInteger tries = new AtomicInteger();

    assertThatThrownBy(
            () ->
                UntilReachable.run(
                    "step",
                    Duration.ofSeconds(10),
                    () -> {
                      tries.incrementAndGet();
                      throw new IllegalStateException("bad index definition");
                    }))
        .isInstanceOf(IllegalStateException.class);
    assertThat(tries).hasValue(1);
  }
}
