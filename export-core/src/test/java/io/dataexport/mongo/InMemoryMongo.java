package io.dataexport.mongo;

import ch.qos.logback.classic.Level;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.LoggerFactory;

/**
 * One mongo-java-server (H2 in-memory backend) and a driver client on it, shared by the tests of
 * one class: {@code @RegisterExtension static final InMemoryMongo mongo = new InMemoryMongo();}
 * starts it before the class and closes it after. Each test takes its own {@link #freshDatabase()},
 * so tests never see each other's documents.
 */
public final class InMemoryMongo implements BeforeAllCallback, AfterAllCallback {

  private MongoServer server;
  private MongoClient client;
  private final AtomicInteger databases = new AtomicInteger();

  @Override
  public void beforeAll(ExtensionContext context) {
    quietServerLogs();
    server = new MongoServer(H2Backend.inMemory());
    InetSocketAddress address = server.bind();
    client = MongoClients.create("mongodb://127.0.0.1:" + address.getPort());
  }

  @Override
  public void afterAll(ExtensionContext context) {
    client.close();
    server.shutdownNow();
  }

  /**
   * The server logs every database and collection it creates, and logs at ERROR each command that
   * fails (a duplicate key a test provokes on purpose, say) although the driver already raises it
   * to the test; the driver logs each client's settings. Keep only their warnings, but for the
   * skipped indexes below.
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
    // It warns of every non-unique compound index it skips (they only make queries faster, which
    // no test measures); the job store asks for several in every test's fresh database.
    if (LoggerFactory.getLogger("de.bwaldvogel.mongo.backend.AbstractMongoDatabase")
        instanceof ch.qos.logback.classic.Logger indexes) {
      indexes.setLevel(Level.ERROR);
    }
  }

  /** A database no other test has used. */
  public MongoDatabase freshDatabase() {
    return client.getDatabase("test_" + databases.incrementAndGet());
  }
}
