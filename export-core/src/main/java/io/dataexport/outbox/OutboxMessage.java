package io.dataexport.outbox;

/**
 * One event a job's state change must announce, written with the change and kept until the relay
 * has published it. {@code id} is the event's own id, so a message published twice is recognisably
 * one event.
 *
 * @param traceparent the trace of the call or export that wrote it ({@link Traceparent}), so the
 *     relay — later, perhaps in another process — publishes it in that trace; null when the write
 *     happened outside any trace
 */
public record OutboxMessage(
    String id, OutboxTopic topic, String key, String payload, String traceparent) {

  /** A message written outside any trace. */
  public OutboxMessage(String id, OutboxTopic topic, String key, String payload) {
    this(id, topic, key, payload, null);
  }
}
