package io.dataexport.outbox;

/**
 * One event a job's state change must announce, written with the change and kept until the relay
 * has published it. {@code id} is the event's own id, so a message published twice is recognisably
 * one event.
 */
public record OutboxMessage(String id, OutboxTopic topic, String key, String payload) {}
