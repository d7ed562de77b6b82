package io.dataexport.standalone;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.properties.MetaPropertiesEnsemble;
import org.apache.kafka.metadata.storage.Formatter;

/**
 * A one-node Apache Kafka (KRaft, broker and controller in one) whose log and metadata log live in
 * a directory of ours, so topics, messages and committed offsets outlive a restart. It is Kafka's
 * own server, started as {@code kafka-server-start.sh} starts it, on storage formatted once as
 * {@code kafka-storage.sh format} formats it.
 *
 * <p>It listens on 127.0.0.1. Port 0 means a free port chosen on the first start and kept in the
 * directory, so clients that knew the broker find it again after a restart.
 */
public final class LocalKafkaBroker implements AutoCloseable {

  private static final int NODE_ID = 1;
  private static final String HOST = "127.0.0.1";
  private static final String CONTROLLER_LISTENER = "CONTROLLER";
  private static final String PORT_FILE = "broker.port";

  private final KafkaRaftServer server;
  private final String bootstrapServers;
  private boolean closed;

  private LocalKafkaBroker(KafkaRaftServer server, int port) {
    this.server = server;
    this.bootstrapServers = HOST + ":" + port;
  }

  /**
   * Starts the broker on {@code directory}, formatting it first if it is new; blocks until ready.
   */
  public static LocalKafkaBroker start(Path directory, int port) throws IOException {
    Path logDirectory = directory.toAbsolutePath();
    Files.createDirectories(logDirectory);
    if (!Files.exists(logDirectory.resolve(MetaPropertiesEnsemble.META_PROPERTIES_NAME))) {
      format(logDirectory);
    }
    int brokerPort = port != 0 ? port : rememberedOrFreePort(logDirectory);
    // Only the broker's address is for clients; the controller's may change at every start.
    KafkaConfig config = config(logDirectory, brokerPort, freePort());
    LocalKafkaBroker broker =
        new LocalKafkaBroker(new KafkaRaftServer(config, Time.SYSTEM), brokerPort);
    try {
      broker.server.startup();
    } catch (RuntimeException e) {
      broker.close();
      throw e;
    }
    if (port == 0) {
      // kept only once the port proved free: a failed first start picks another next time
      Files.writeString(
          logDirectory.resolve(PORT_FILE), Integer.toString(brokerPort), StandardCharsets.US_ASCII);
    }
    return broker;
  }

  /** Writes meta.properties (a new cluster id, our node id) and the bootstrap metadata. */
  private static void format(Path logDirectory) throws IOException {
    Formatter formatter =
        new Formatter()
            .setNodeId(NODE_ID)
            .setClusterId(Uuid.randomUuid().toString())
            .setControllerListenerName(CONTROLLER_LISTENER)
            .addDirectory(logDirectory.toString())
            .setMetadataLogDirectory(logDirectory.toString());
    try {
      formatter.run();
    } catch (Exception e) {
      throw new IOException("Cannot format Kafka storage in " + logDirectory, e);
    }
  }

  private static KafkaConfig config(Path logDirectory, int brokerPort, int controllerPort) {
    Properties p = new Properties();
    p.put("process.roles", "broker,controller");
    p.put("node.id", Integer.toString(NODE_ID));
    p.put("controller.quorum.voters", NODE_ID + "@" + HOST + ":" + controllerPort);
    p.put("controller.listener.names", CONTROLLER_LISTENER);
    p.put(
        "listeners",
        "PLAINTEXT://%s:%d,%s://%s:%d"
            .formatted(HOST, brokerPort, CONTROLLER_LISTENER, HOST, controllerPort));
    p.put(
        "listener.security.protocol.map",
        "PLAINTEXT:PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
    // log.dirs alone: the metadata log goes to the first log directory
    p.put("log.dirs", logDirectory.toString());
    // one node: internal topics cannot ask for more replicas than that
    p.put("offsets.topic.replication.factor", "1");
    p.put("transaction.state.log.replication.factor", "1");
    p.put("transaction.state.log.min.isr", "1");
    // few consumer groups here: fewer offsets partitions to create and load make the start fast
    p.put("offsets.topic.num.partitions", "5");
    p.put("group.initial.rebalance.delay.ms", "0");
    // the compaction map of the default (128 MB, allocated at start) is far more than this needs
    p.put("log.cleaner.dedupe.buffer.size", Integer.toString(16 * 1024 * 1024));
    return KafkaConfig.fromProps(p);
  }

  private static int rememberedOrFreePort(Path logDirectory) throws IOException {
    Path file = logDirectory.resolve(PORT_FILE);
    if (Files.exists(file)) {
      return Integer.parseInt(Files.readString(file, StandardCharsets.US_ASCII).strip());
    }
    return freePort();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /** {@code 127.0.0.1:<port>}, the same across restarts of the same directory. */
  public String bootstrapServers() {
    return bootstrapServers;
  }

  /** Shuts the broker down in order (broker first, then controller), flushing the log. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    server.shutdown();
    server.awaitShutdown();
  }
}
