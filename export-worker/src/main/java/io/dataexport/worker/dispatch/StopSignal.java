package io.dataexport.worker.dispatch;

/**
 * Tells running work that the worker is shutting down and its grace period is over. Polled rather
 * than delivered by interrupt, because an interrupt in the middle of a database or storage call can
 * leave a pooled connection unusable.
 */
@FunctionalInterface
public interface StopSignal {

  boolean isStopRequested();
}
