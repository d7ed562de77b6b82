package io.dataexport.worker.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.mongodb.MongoInterruptedException;
import com.mongodb.MongoSocketReadException;
import com.mongodb.ServerAddress;
import com.mongodb.ServerCursor;
import com.mongodb.client.MongoCursor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ReadAheadTest {

  private static final Duration WAIT = Duration.ofSeconds(10);

  private final List<ReadAhead<Integer>> opened = new ArrayList<>();

  @AfterEach
  void closeEverything() {
    opened.forEach(ReadAhead::close);
  }

  @Test
  void givesEveryRecordInOrderAndHasClosedTheCursorWhenItSaysThereAreNoMore() {
    CountingCursor cursor = new CountingCursor(250, i -> null);
    ReadAhead<Integer> records = open(cursor, 100);

    List<Integer> read = new ArrayList<>();
    records.forEachRemaining(read::add);

    assertThat(read).hasSize(250).isSorted().startsWith(0).endsWith(249);
    assertThat(cursor.closed).isTrue();
    assertThatThrownBy(records::next).isInstanceOf(NoSuchElementException.class);
  }

  @Test
  void readsAheadOfTheWriterByItsCapacityAndNoFurther() {
    CountingCursor cursor = new CountingCursor(1_000, i -> null);
    ReadAhead<Integer> records = open(cursor, 10, "read-ahead-bounded");

    assertThat(records.next()).isZero();

    // the reader stops, waiting for room, once 10 records wait and it holds the next one
    await().atMost(WAIT).until(() -> stateOf("read-ahead-bounded") == Thread.State.WAITING);
    assertThat(cursor.read.get()).isEqualTo(1 + 10 + 1);
  }

  @Test
  void aFailureReachesTheWriterAfterTheRecordsBeforeItAsTheSameException() {
    MongoSocketReadException outage =
        new MongoSocketReadException("connection reset", new ServerAddress());
    CountingCursor cursor = new CountingCursor(1_000, i -> i == 5 ? outage : null);
    ReadAhead<Integer> records = open(cursor, 100);

    List<Integer> read = new ArrayList<>();
    assertThatThrownBy(() -> records.forEachRemaining(read::add)).isSameAs(outage);

    assertThat(read).containsExactly(0, 1, 2, 3, 4);
    assertThatThrownBy(records::hasNext).as("asked again").isSameAs(outage);
    assertThat(cursor.closed).isTrue();
  }

  @Test
  void anErrorOfTheReadingThreadReachesTheWriterInsteadOfLeavingItWaiting() {
    StackOverflowError error = new StackOverflowError();
    ReadAhead<Integer> records = open(new CountingCursor(1_000, i -> i == 0 ? error : null), 100);

    assertThatThrownBy(records::hasNext).isSameAs(error);
  }

  @Test
  void closingStopsTheReadingAndClosesTheCursor() {
    CountingCursor cursor = new CountingCursor(1_000_000, i -> null);
    ReadAhead<Integer> records = open(cursor, 10, "read-ahead-closed");
    records.next();
    records.next();

    records.close();

    await().atMost(WAIT).until(() -> cursor.closed);
    await().atMost(WAIT).until(() -> stateOf("read-ahead-closed") == Thread.State.TERMINATED);
    // two taken, ten waiting, one waiting for room, one read as the close came
    assertThat(cursor.read.get()).isLessThanOrEqualTo(2 + 10 + 1 + 1);
  }

  @Test
  void aWriterInterruptedWhileWaitingGetsWhatTheDriverThrowsAndKeepsItsInterrupt() {
    AtomicBoolean released = new AtomicBoolean();
    CountingCursor slow =
        new CountingCursor(
            10,
            i -> {
              await().forever().untilTrue(released); // a request the database has not answered
              return null;
            });
    ReadAhead<Integer> records = open(slow, 10);

    Thread.currentThread().interrupt();
    try {
      assertThatThrownBy(records::hasNext).isInstanceOf(MongoInterruptedException.class);
      assertThat(Thread.currentThread().isInterrupted()).isTrue();
    } finally {
      Thread.interrupted();
      released.set(true);
    }
  }

  private ReadAhead<Integer> open(CountingCursor cursor, int capacity) {
    return open(cursor, capacity, "read-ahead-test");
  }

  private ReadAhead<Integer> open(CountingCursor cursor, int capacity, String threadName) {
    ReadAhead<Integer> records = new ReadAhead<>(cursor, capacity, threadName);
    opened.add(records);
    return records;
  }

  private static Thread.State stateOf(String threadName) {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().equals(threadName))
        .map(Thread::getState)
        .findFirst()
        .orElse(Thread.State.TERMINATED);
  }

  /**
   * The integers from 0, as a MongoDB cursor would give records; {@code failure} says what (if
   * anything) reading record i throws instead.
   */
  private static final class CountingCursor implements MongoCursor<Integer> {
    private final int size;
    private final IntFunction<Throwable> failure;
    final AtomicInteger read = new AtomicInteger();
    volatile boolean closed;

    CountingCursor(int size, IntFunction<Throwable> failure) {
      this.size = size;
      this.failure = failure;
    }

    @Override
    public boolean hasNext() {
      assertThat(closed).as("read after close").isFalse();
      return read.get() < size;
    }

    @Override
    public Integer next() {
      int i = read.get();
      Throwable thrown = failure.apply(i);
      if (thrown instanceof RuntimeException e) {
        throw e;
      }
      if (thrown instanceof Error e) {
        throw e;
      }
      return read.getAndIncrement();
    }

    @Override
    public void close() {
      closed = true;
    }

    @Override
    public int available() {
      return 0;
    }

    @Override
    public Integer tryNext() {
      throw new UnsupportedOperationException();
    }

    @Override
    public ServerCursor getServerCursor() {
      return null;
    }

    @Override
    public ServerAddress getServerAddress() {
      return null;
    }
  }
}
