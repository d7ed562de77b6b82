package io.dataexport.outbox;

/** Told of every outbox entry right after it was stored, so it can be published at once. */
@FunctionalInterface
public interface OutboxListener {

  OutboxListener NONE = entry -> {};

  void written(OutboxEntry entry);
}
