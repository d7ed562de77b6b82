package io.dataexport.worker.archive;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Adds entries to an {@link EntrySpool} on two threads: the calling thread produces each entry's
 * bytes (reads the source, serialises records, reports progress, takes the SHA-256) while one
 * compressor thread deflates them into the spool. On two cores the time of an entry is about the
 * longer of the two instead of their sum. Between them is a {@link BytePipe} of {@value #CHUNKS}
 * chunks of {@value #CHUNK_SIZE} bytes, so memory stays flat. One entry at a time: {@link #add}
 * returns once its entry is in the spool, so entries keep their order and nothing touches the spool
 * after {@link #close}, which ends the compressor thread (a daemon, should anything else fail).
 */
final class EntryPipeline implements Closeable {

  static final int CHUNK_SIZE = 64 * 1024;
  static final int CHUNKS = 4;

  private final EntrySpool spool;
  private final ExecutorService compressor;
  // The executor's thread, to join at close: the executor counts as terminated a moment before
  // its thread has ended. (One at most: a task's failure goes to its Future, not to the thread.)
  private final List<Thread> compressorThreads = new CopyOnWriteArrayList<>();
  private final BytePipe pipe = new BytePipe(CHUNK_SIZE, CHUNKS);

  /**
   * @param threadName the compressor thread's name
   */
  EntryPipeline(EntrySpool spool, String threadName) {
    this.spool = spool;
    this.compressor =
        Executors.newSingleThreadExecutor(
            task -> {
              Thread thread = new Thread(task, threadName);
              thread.setDaemon(true);
              compressorThreads.add(thread);
              return thread;
            });
  }

  /**
   * Writes {@code content} (on this thread) into entry {@code name}, compressed with {@code method}
   * (on the compressor thread). Whatever either side throws is thrown here, once the compressor has
   * stopped touching the spool.
   */
  EntrySpool.Written add(String name, int method, EntryContent content) throws IOException {
    pipe.reset();
    Future<?> compressing =
        compressor.submit(
            () -> {
              try (InputStream in = pipe.input()) {
                spool.add(name, method, in);
              }
              return null;
            });
    MeasuredStream measured = new MeasuredStream(pipe.output());
    try {
      content.writeTo(measured);
      measured.close(); // the entry's end
    } catch (IOException | RuntimeException | Error e) {
      pipe.abandon();
      Throwable compressorFailure = finish(compressing);
      if (e instanceof BytePipe.ReaderGone && compressorFailure != null) {
        // the compressor stopped first: its failure is the cause
        compressorFailure.addSuppressed(e);
        throw rethrow(compressorFailure);
      }
      if (compressorFailure != null && !(compressorFailure instanceof BytePipe.Abandoned)) {
        e.addSuppressed(compressorFailure);
      }
      throw e;
    }
    Throwable compressorFailure = finish(compressing);
    if (compressorFailure != null) {
      throw rethrow(compressorFailure);
    }
    return new EntrySpool.Written(name, measured.bytes(), measured.sha256());
  }

  /**
   * Waits for the compressor to finish its entry, even if this thread is interrupted meanwhile (it
   * stays interrupted): returns what the compressor threw, if anything.
   */
  private static Throwable finish(Future<?> compressing) {
    boolean interrupted = false;
    try {
      while (true) {
        try {
          compressing.get();
          return null;
        } catch (ExecutionException e) {
          return e.getCause();
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static IOException rethrow(Throwable failure) {
    if (failure instanceof IOException io) {
      return io;
    }
    if (failure instanceof RuntimeException runtime) {
      throw runtime;
    }
    if (failure instanceof Error error) {
      throw error;
    }
    return new IOException(failure);
  }

  /** Ends the compressor thread (idle between entries) and waits for it. */
  @Override
  public void close() throws IOException {
    compressor.shutdownNow();
    boolean interrupted = false;
    try {
      while (true) {
        try {
          if (!compressor.awaitTermination(1, TimeUnit.MINUTES)) {
            throw new IOException("the archive's compressor thread did not stop");
          }
          for (Thread thread : compressorThreads) {
            thread.join();
          }
          return;
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
