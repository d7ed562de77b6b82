package io.dataexport.worker.dispatch;

import java.util.Objects;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;

/**
 * The caller's work, followed by the dead-letter publication it asks for with {@link
 * Outcome.DeadLetter}. The publication happens on the work's thread, before the record counts as
 * finished: {@code DeadLetterPublishingRecoverer.accept} waits for the broker's acknowledgment
 * ({@code verifySendResult}, as long as {@code failIfSendResultIsError} keeps its default, true)
 * and throws if there is none, and a throw is retried like any failure of the work, so the record
 * is never committed without its dead letter. (That setting's getter is protected, so it cannot be
 * checked here.)
 */
final class DeadLetteringWork implements RecordWork {

  private final RecordWork work;
  private final DeadLetterPublishingRecoverer deadLetters;

  DeadLetteringWork(RecordWork work, DeadLetterPublishingRecoverer deadLetters) {
    this.work = Objects.requireNonNull(work, "work");
    this.deadLetters = Objects.requireNonNull(deadLetters, "deadLetters");
  }

  @Override
  public Outcome run(ConsumerRecord<String, String> record, StopSignal stop) throws Exception {
    Outcome outcome = Objects.requireNonNull(work.run(record, stop), "the work gave no outcome");
    if (outcome instanceof Outcome.DeadLetter deadLetter) {
      // no consumer: it is only used to verify the destination partition, a consumer-thread call
      deadLetters.accept(record, null, deadLetter.reason());
    }
    return outcome;
  }
}
