package io.dataexport.standalone;

import java.nio.file.Path;

/**
 * Where the embedded stack keeps its data and which ports it takes; port 0 picks a free one. Kafka
 * always takes a free port (the embedded KRaft broker ignores fixed ports): the facts file tells
 * which.
 *
 * @param dataDirectory MongoDB's H2 file, the archives, the spool and the facts file
 */
public record StackSettings(Path dataDirectory, int gatewayPort, int workerPort, int mongoPort) {

  /** The ports of the README: gateway 8080, worker 8081, MongoDB 27017. */
  public static StackSettings defaults(Path dataDirectory) {
    return new StackSettings(dataDirectory, 8080, 8081, 27017);
  }
}
