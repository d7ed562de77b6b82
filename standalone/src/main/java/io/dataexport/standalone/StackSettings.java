package io.dataexport.standalone;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where the embedded stack keeps its data and which ports it takes; port 0 picks a free one, for
 * Kafka once: its port is kept with its log, so clients find the broker again after a restart.
 *
 * @param dataDirectory MongoDB's H2 file, Kafka's log, the archives, the spool and the facts file
 * @param properties Spring properties given to both services, after the stack's own (so they win),
 *     e.g. {@code dataexport.kafka.partitions} or {@code dataexport.worker.max-concurrent-exports};
 *     each service binds only what is its own
 */
public record StackSettings(
    Path dataDirectory,
    int gatewayPort,
    int workerPort,
    int mongoPort,
    int kafkaPort,
    Map<String, String> properties) {

  public StackSettings {
    properties = Map.copyOf(properties);
  }

  public StackSettings(
      Path dataDirectory, int gatewayPort, int workerPort, int mongoPort, int kafkaPort) {
    this(dataDirectory, gatewayPort, workerPort, mongoPort, kafkaPort, Map.of());
  }

  /** The ports of the README: gateway 8080, worker 8081, MongoDB 27017; Kafka's kept free port. */
  public static StackSettings defaults(Path dataDirectory) {
    return new StackSettings(dataDirectory, 8080, 8081, 27017, 0);
  }

  /** These settings with {@code more} properties added (replacing any of the same name). */
  public StackSettings withProperties(Map<String, String> more) {
    Map<String, String> all = new LinkedHashMap<>(properties);
    all.putAll(more);
    return new StackSettings(dataDirectory, gatewayPort, workerPort, mongoPort, kafkaPort, all);
  }
}
