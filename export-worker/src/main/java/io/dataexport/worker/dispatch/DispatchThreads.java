package io.dataexport.worker.dispatch;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dispatcher's threads: a fixed pool that runs the work (the scheduler never starts more than
 * the pool has threads), and one timer thread for retry delays and calls into the container. Daemon
 * threads: work that ignores its stop signal must not keep the JVM alive after shutdown.
 */
final class DispatchThreads implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(DispatchThreads.class);

  private final ExecutorService workers;
  private final ScheduledExecutorService timer;

  DispatchThreads(int workerCount) {
    this.workers = Executors.newFixedThreadPool(workerCount, daemons("dispatch-"));
    this.timer = Executors.newSingleThreadScheduledExecutor(daemons("dispatch-timer-"));
  }

  void runWork(Runnable work) {
    workers.execute(work);
  }

  /** Runs {@code task} after {@code delay} on the timer thread, unless closed by then. */
  void runLater(Runnable task, Duration delay) {
    try {
      timer.schedule(logFailure(task, "A retry"), delay.toNanos(), TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException closed) {
      log.debug("Dispatcher closed: retry not scheduled");
    }
  }

  /**
   * Runs {@code call} on the timer thread, after the calls passed before it: calls into the
   * container leave the dispatcher's lock this way, yet stay in the order they were decided in.
   */
  void callContainer(Runnable call) {
    try {
      timer.execute(logFailure(call, "Pausing or resuming a partition"));
    } catch (RejectedExecutionException closed) {
      log.debug("Dispatcher closed: partition pause or resume not passed on");
    }
  }

  /** Running work keeps its thread; pending retries and container calls are dropped. */
  @Override
  public void close() {
    workers.shutdown();
    timer.shutdownNow();
  }

  private static Runnable logFailure(Runnable task, String what) {
    return () -> {
      try {
        task.run();
      } catch (RuntimeException e) { // a scheduled task's exception would vanish silently
        log.warn("{} failed", what, e);
      }
    };
  }

  private static ThreadFactory daemons(String prefix) {
    AtomicInteger count = new AtomicInteger();
    return task -> {
      Thread thread = new Thread(task, prefix + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
