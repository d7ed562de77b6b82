package io.dataexport.gateway.export;

import io.dataexport.event.EventJson;
import io.dataexport.event.ExportRequested;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.kafka.core.KafkaTemplate;

/** Puts {@link ExportRequested} on the requests topic and waits for the broker's ack. */
public class ExportRequestPublisher {

  private static final long SEND_TIMEOUT_SECONDS = 10;

  private final KafkaTemplate<String, String> kafka;
  private final String topic;

  public ExportRequestPublisher(KafkaTemplate<String, String> kafka, String topic) {
    this.kafka = kafka;
    this.topic = topic;
  }

  /** Throws {@link PublishFailedException} when the broker did not take the event. */
  public void publish(ExportRequested event) {
    try {
      kafka
          .send(topic, event.key(), EventJson.write(event))
          .get(SEND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PublishFailedException(e);
    } catch (ExecutionException | TimeoutException e) {
      throw new PublishFailedException(e);
    }
  }

  public static class PublishFailedException extends RuntimeException {
    PublishFailedException(Throwable cause) {
      super("export request not published: " + cause.getMessage(), cause);
    }
  }
}
