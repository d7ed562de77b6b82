package io.dataexport.worker.dispatch;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * What the dispatcher does with one record, on one of its pool threads. Parsing happens here too,
 * so a record that can never be read is the work's to recognise ({@link Outcome#deadLetter}).
 *
 * <p>An exception thrown from here is logged and the record is tried again after a capped
 * exponential backoff; it is never dropped. Long work should poll {@code stop} and hand its job
 * back (returning {@link Outcome#retryAfter}) once a stop is requested at shutdown.
 */
@FunctionalInterface
public interface RecordWork {

  Outcome run(ConsumerRecord<String, String> record, StopSignal stop) throws Exception;
}
