package io.dataexport.worker.archive;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One entry's bytes on their way from the thread that produces them to the thread that compresses
 * them, in fixed-size chunks: at most {@code capacity} full chunks wait, so memory stays at {@code
 * capacity + 2} chunks whatever the entry's size, and a writer ahead of its reader waits. Chunks
 * are reused from entry to entry ({@link #reset}).
 *
 * <p>Either side may give up: {@link #abandon} makes the reader's next read fail; closing the
 * {@link #input} before its end makes the writer's next hand-over fail. Neither waits forever on
 * the other.
 *
 * <p>Not {@code PipedInputStream}: it copies byte ranges into one small ring, polls a blocked side
 * once a second, and tells a broken pipe only by the other thread having died — the compressor
 * thread outlives each entry, so neither side would learn the other gave up.
 */
final class BytePipe {

  /** Thrown to the writer when the reader closed its end first. */
  static final class ReaderGone extends IOException {
    ReaderGone() {
      super("the reading side of the entry pipe closed before the entry's end");
    }
  }

  /** Thrown to the reader when the writer gave up ({@link #abandon}). */
  static final class Abandoned extends IOException {
    Abandoned() {
      super("the entry's producer gave up");
    }
  }

  private record Chunk(byte[] bytes, int length) {}

  private final int chunkSize;
  private final int capacity;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final ArrayDeque<Chunk> full = new ArrayDeque<>();
  private final ArrayDeque<byte[]> free = new ArrayDeque<>();
  private int allocated;
  private boolean ended;
  private boolean abandoned;
  private boolean readerClosed;

  private final Output output = new Output();
  private final Input input = new Input();

  BytePipe(int chunkSize, int capacity) {
    this.chunkSize = chunkSize;
    this.capacity = capacity;
  }

  /** Readies the pipe for the next entry; only while no one reads or writes it. */
  void reset() {
    lock.lock();
    try {
      for (Chunk chunk : full) {
        free.push(chunk.bytes());
      }
      full.clear();
      if (input.chunk != null) {
        free.push(input.chunk);
      }
      ended = false;
      abandoned = false;
      readerClosed = false;
    } finally {
      lock.unlock();
    }
    input.chunk = null;
    input.position = 0;
    input.length = 0;
    output.position = 0;
    output.closed = false;
  }

  /** The writing end; {@link OutputStream#close} marks the entry's end. */
  OutputStream output() {
    return output;
  }

  /** The reading end; it ends where the writer closed its end. */
  InputStream input() {
    return input;
  }

  /** The writer gave up: the reader's next read fails instead of waiting for more. */
  void abandon() {
    lock.lock();
    try {
      abandoned = true;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  private void handOver(byte[] bytes, int length) throws IOException {
    lock.lock();
    try {
      while (full.size() >= capacity && !readerClosed) {
        await();
      }
      if (readerClosed) {
        throw new ReaderGone();
      }
      full.add(new Chunk(bytes, length));
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** A chunk to fill; never waits (see the class comment's bound). */
  private byte[] emptyChunk() {
    lock.lock();
    try {
      if (!free.isEmpty()) {
        return free.pop();
      }
      allocated++;
    } finally {
      lock.unlock();
    }
    return new byte[chunkSize];
  }

  private void end() throws IOException {
    lock.lock();
    try {
      if (readerClosed) {
        throw new ReaderGone();
      }
      ended = true;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** The next full chunk, null at the entry's end. */
  private Chunk take(byte[] done) throws IOException {
    lock.lock();
    try {
      if (done != null) {
        free.push(done);
      }
      while (full.isEmpty() && !ended && !abandoned) {
        await();
      }
      if (abandoned) {
        throw new Abandoned();
      }
      Chunk next = full.poll();
      changed.signalAll();
      return next;
    } finally {
      lock.unlock();
    }
  }

  private void closeReader() {
    lock.lock();
    try {
      readerClosed = true;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  private void await() throws InterruptedIOException {
    try {
      changed.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while passing an entry between threads");
    }
  }

  /** Chunks allocated so far (never more than {@code capacity + 2}). */
  int allocated() {
    lock.lock();
    try {
      return allocated;
    } finally {
      lock.unlock();
    }
  }

  private final class Output extends OutputStream {
    private byte[] chunk;
    private int position;
    private boolean closed;

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
      if (closed) {
        throw new IOException("entry already ended");
      }
      while (length > 0) {
        if (chunk == null) {
          chunk = emptyChunk();
          position = 0;
        }
        int n = Math.min(length, chunkSize - position);
        System.arraycopy(bytes, offset, chunk, position, n);
        position += n;
        offset += n;
        length -= n;
        if (position == chunkSize) {
          byte[] filled = chunk;
          chunk = null;
          handOver(filled, chunkSize);
        }
      }
    }

    @Override
    public void close() throws IOException {
      if (closed) {
        return;
      }
      closed = true;
      if (chunk != null && position > 0) {
        byte[] filled = chunk;
        chunk = null;
        handOver(filled, position);
      }
      end();
    }
  }

  private final class Input extends InputStream {
    private byte[] chunk;
    private int position;
    private int length;

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] bytes, int offset, int wanted) throws IOException {
      if (wanted == 0) {
        return 0;
      }
      if (position == length) {
        byte[] done = chunk;
        chunk = null; // back to the free chunks in take(), even if take() throws
        position = 0;
        length = 0;
        Chunk next = take(done);
        if (next == null) {
          return -1;
        }
        chunk = next.bytes();
        length = next.length();
      }
      int n = Math.min(wanted, length - position);
      System.arraycopy(chunk, position, bytes, offset, n);
      position += n;
      return n;
    }

    @Override
    public void close() {
      closeReader();
    }
  }
}
