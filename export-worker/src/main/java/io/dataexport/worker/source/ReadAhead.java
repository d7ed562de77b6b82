package io.dataexport.worker.source;

import com.mongodb.MongoInterruptedException;
import com.mongodb.client.MongoCursor;
import java.util.NoSuchElementException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A MongoDB cursor read ahead on a thread of its own, at most {@code capacity} records beyond the
 * one the export is writing. The driver asks for the next batch only when the current one is used
 * up, so without this the database prepares (and the driver decodes) each batch while the writer
 * waits, and the writer serialises and compresses while the database idles. Read ahead, the next
 * batch is on its way while the writer works: over a 5 ms round trip a 4,000-session export took
 * 0.80 s instead of 1.05 s (docs/benchmarks.md, "Reading a batch ahead, measured apart").
 *
 * <p>The thread owns the MongoDB cursor from then on (a cursor is not safe to share) and closes it
 * when it is used up, fails, or this cursor is closed. A failure reaches the export as the same
 * exception, after the records read before it, so it is classified as it was (a MongoDB outage
 * stays a passing failure).
 */
final class ReadAhead<T> implements SourceCursor<T> {

  /** What follows the last record. */
  private static final Object END = new Object();

  /** A failure of the MongoDB cursor, handed over in place of the records after it. */
  private record Failure(Throwable thrown) {

    RuntimeException rethrow() {
      if (thrown instanceof Error error) {
        throw error;
      }
      throw (RuntimeException) thrown;
    }
  }

  private final BlockingQueue<Object> ahead;
  private final AtomicBoolean closed = new AtomicBoolean();
  private Object next;

  /**
   * Starts reading {@code cursor} ahead.
   *
   * @param capacity the most records read and not yet taken; one batch keeps the next request going
   *     out while the current batch is written, and memory at two batches
   */
  ReadAhead(MongoCursor<T> cursor, int capacity, String threadName) {
    this.ahead = new ArrayBlockingQueue<>(capacity);
    Thread reader = new Thread(() -> readAll(cursor), threadName);
    reader.setDaemon(true); // never keeps the JVM up: close() stops it within one batch
    reader.start();
  }

  private void readAll(MongoCursor<T> cursor) {
    Object last = END;
    try (cursor) {
      while (!closed.get() && cursor.hasNext()) {
        handOver(cursor.next());
      }
    } catch (RuntimeException | Error e) {
      last = new Failure(e); // an Error too, or the export would wait for a record forever
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // nobody interrupts this thread; it ends if one does
      return;
    }
    try {
      handOver(last); // after the cursor is closed, so a used-up read holds nothing
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Waits for room; once closed, the export takes nothing more and nothing is handed over. */
  private void handOver(Object item) throws InterruptedException {
    if (!closed.get()) {
      ahead.put(item); // close() empties the queue after it is marked, so this cannot wait forever
    }
  }

  @Override
  public boolean hasNext() {
    if (next == null) {
      next = take();
    }
    if (next instanceof Failure failure) {
      throw failure.rethrow(); // again on every call: the cursor is dead
    }
    return next != END;
  }

  @SuppressWarnings("unchecked") // only records of T, END and failures are handed over
  @Override
  public T next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    T record = (T) next;
    next = null;
    return record;
  }

  private Object take() {
    try {
      return ahead.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      // what the driver throws when the thread reading a cursor is interrupted
      throw new MongoInterruptedException("Interrupted while waiting for the next record", e);
    }
  }

  /**
   * Stops the reading: the thread closes the MongoDB cursor once its request in flight, if any,
   * comes back. Returns at once.
   */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      ahead.clear(); // frees a hand-over waiting for room, which then sees the mark
    }
  }
}
