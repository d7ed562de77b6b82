package io.dataexport.outbox;

/** Which topic an outbox message goes to; the topic's name comes from configuration. */
public enum OutboxTopic {
  AUDIT,
  EXPORT_REQUESTED
}
