package io.dataexport.mongo;

import ch.qos.logback.classic.Level;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.LoggerFactory;

/**
 * One mongo-java-server (H2 in-memory backend) and a driver client on it, meant to be shared by the
 * tests of one class: start it in {@code @BeforeAll}, close it in {@code @AfterAll}, and give each
 * test its own {@link #freshDatabase()} so that tests never see each other's documents.
 */
public final class InMemoryMongo implements AutoCloseable {

  private final MongoServer server;
  private final MongoClient client;
  private final AtomicInteger databases = new AtomicInteger();

  private InMemoryMongo(MongoServer server, MongoClient client) {
    this.server = server;
    this.client = client;
  }

  public static InMemoryMongo start() {
    quietServerLogs();
    MongoServer server = new MongoServer(H2Backend.inMemory());
    InetSocketAddress address = server.bind();
    MongoClient client = MongoClients.create("mongodb://127.0.0.1:" + address.getPort());
    return new InMemoryMongo(server, client);
  }

  /**
   * The server logs every database and collection it creates, and logs at ERROR each command that
   * fails (a duplicate key a test provokes on purpose, say) although the driver already raises it
   * to the test; the driver logs each client's settings. Keep only their warnings.
   */
  private static void quietServerLogs() {
    if (LoggerFactory.getLogger("org.mongodb.driver")
        instanceof ch.qos.logback.classic.Logger driver) {
      driver.setLevel(Level.WARN);
    }
    if (LoggerFactory.getLogger("de.bwaldvogel.mongo")
        instanceof ch.qos.logback.classic.Logger server) {
      server.setLevel(Level.WARN);
    }
    if (LoggerFactory.getLogger("de.bwaldvogel.mongo.wire.MongoWireProtocolHandler")
        instanceof ch.qos.logback.classic.Logger wire) {
      wire.setLevel(Level.OFF);
    }
  }

  /** A database no other test has used. */
  public MongoDatabase freshDatabase() {
    return client.getDatabase("test_" + databases.incrementAndGet());
  }

  @Override
  public void close() {
    client.close();
    server.shutdownNow();
  }
}
