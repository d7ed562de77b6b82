package io.dataexport.worker.run;

import io.dataexport.worker.dispatch.KeyOrderedDispatcher;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.support.Acknowledgment;

/**
 * Hands each ExportRequested to the dispatcher and returns at once: the consumer thread only polls,
 * so no export's length can push this worker out of its consumer group, and the dispatcher
 * acknowledges each record once it and every record before it in its partition are done.
 */
public class ExportRequestListener {

  public static final String ID = "export-worker";

  private final KeyOrderedDispatcher dispatcher;

  public ExportRequestListener(KeyOrderedDispatcher dispatcher) {
    this.dispatcher = dispatcher;
  }

  @KafkaListener(
      id = ID,
      topics =
          "${dataexport.kafka.export-requested-topic:"
              + io.dataexport.event.Topics.EXPORT_REQUESTED
              + "}")
  public void onExportRequested(ConsumerRecord<String, String> record, Acknowledgment ack) {
    dispatcher.submit(record, ack);
  }
}
