package io.dataexport.standalone;

import java.nio.file.Path;

/**
 * Where the embedded stack keeps its data and which ports it takes; port 0 picks a free one, for
 * Kafka once: its port is kept with its log, so clients find the broker again after a restart.
 *
 * @param dataDirectory MongoDB's H2 file, Kafka's log, the archives, the spool and the facts file
 */
public record StackSettings(
    Path dataDirectory, int gatewayPort, int workerPort, int mongoPort, int kafkaPort) {

  /** The ports of the README: gateway 8080, worker 8081, MongoDB 27017; Kafka's kept free port. */
  public static StackSettings defaults(Path dataDirectory) {
    return new StackSettings(dataDirectory, 8080, 8081, 27017, 0);
  }
}
