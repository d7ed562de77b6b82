package io.dataexport.mongo;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One mongo-java-server (H2 in-memory backend) and a driver client on it, meant to be shared by
 * the tests of one class: start it in {@code @BeforeAll}, close it in {@code @AfterAll}, and give
 * each test its own {@link #freshDatabase()} so that tests never see each other's documents.
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
    MongoServer server = new MongoServer(H2Backend.inMemory());
    InetSocketAddress address = server.bind();
    MongoClient client = MongoClients.create("mongodb://127.0.0.1:" + address.getPort());
    return new InMemoryMongo(server, client);
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
