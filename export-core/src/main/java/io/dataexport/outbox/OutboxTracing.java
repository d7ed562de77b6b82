package io.dataexport.outbox;

import java.util.function.Function;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * How an outbox message stays in the trace of the write that queued it: the trace is kept with the
 * message when it is written (during an API call or an export), and the relay, later and perhaps in
 * another process, publishes the message in that trace again.
 */
public interface OutboxTracing {

  /** Keeps no trace: messages are published as they are. */
  OutboxTracing NONE =
      new OutboxTracing() {
        @Override
        public String currentTraceparent() {
          return null;
        }

        @Override
        public <T> T send(
            ProducerRecord<String, String> record,
            String traceparent,
            Function<ProducerRecord<String, String>, T> send) {
          return send.apply(record);
        }
      };

  /**
   * The trace the current thread works in, as a {@link Traceparent}, to keep with a message written
   * now; null outside any trace.
   */
  String currentTraceparent();

  /**
   * Sends {@code record} in the trace {@code traceparent} names: within a span continuing it, whose
   * context the record's headers carry to the consumer. Without a usable traceparent (none, or
   * damaged) the record goes as it is.
   */
  <T> T send(
      ProducerRecord<String, String> record,
      String traceparent,
      Function<ProducerRecord<String, String>, T> send);
}
