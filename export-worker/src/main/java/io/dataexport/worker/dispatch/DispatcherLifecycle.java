package io.dataexport.worker.dispatch;

import java.time.Duration;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.listener.AbstractMessageListenerContainer;

/**
 * Drains the dispatcher when the application stops: no new record starts, running ones get {@code
 * drainTimeout}, then are asked to stop (see {@link KeyOrderedDispatcher#awaitRunning}).
 *
 * <p>Its phase is above that of the {@code KafkaListenerEndpointRegistry} (and of containers
 * created by hand with the default phase), so Spring stops it first: the listener containers are
 * still running while it drains, and commit the last acknowledgments when they stop after it. The
 * stop is synchronous, so the shutdown waits for it whatever {@code
 * spring.lifecycle.timeout-per-shutdown-phase} says; at most drainTimeout plus the stop grace.
 */
public final class DispatcherLifecycle implements SmartLifecycle {

  /** Stops before (and starts after) spring-kafka's listener containers and their registry. */
  public static final int PHASE = AbstractMessageListenerContainer.DEFAULT_PHASE + 10;

  private static final Logger log = LoggerFactory.getLogger(DispatcherLifecycle.class);

  private final KeyOrderedDispatcher dispatcher;
  private final Duration drainTimeout;
  private volatile boolean running;

  public DispatcherLifecycle(KeyOrderedDispatcher dispatcher, Duration drainTimeout) {
    this.dispatcher = Objects.requireNonNull(dispatcher, "dispatcher");
    this.drainTimeout = Objects.requireNonNull(drainTimeout, "drainTimeout");
  }

  /** The dispatcher accepts records from its construction; this only arms the stop. */
  @Override
  public void start() {
    running = true;
  }

  @Override
  public void stop() {
    if (!running) {
      return;
    }
    try {
      if (!dispatcher.awaitRunning(drainTimeout)) {
        log.warn("Work still running after the stop grace; its records will be redelivered");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      dispatcher.close();
      running = false;
    }
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  @Override
  public int getPhase() {
    return PHASE;
  }
}
