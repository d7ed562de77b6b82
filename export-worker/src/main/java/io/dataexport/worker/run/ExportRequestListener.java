package io.dataexport.worker.run;

import io.dataexport.event.EventJson;
import io.dataexport.event.ExportRequested;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.MDC;
import org.springframework.kafka.annotation.KafkaListener;

/**
 * Consumes ExportRequested. Records of one user share a partition and each partition is served by
 * one consumer thread, so one user's exports run one at a time, in request order.
 */
public class ExportRequestListener {

  private final ExportRunner runner;

  public ExportRequestListener(ExportRunner runner) {
    this.runner = runner;
  }

  @KafkaListener(
      id = "export-worker",
      topics =
          "${dataexport.kafka.export-requested-topic:"
              + io.dataexport.event.Topics.EXPORT_REQUESTED
              + "}",
      concurrency = "${dataexport.worker.concurrency:1}")
  public void onExportRequested(ConsumerRecord<String, String> record) {
    ExportRequested event = EventJson.read(record.value(), ExportRequested.class);
    MDC.put("request_id", event.requestId());
    try {
      runner.run(event);
    } finally {
      MDC.remove("request_id");
    }
  }
}
