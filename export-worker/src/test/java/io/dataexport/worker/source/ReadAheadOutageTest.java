package io.dataexport.worker.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import com.mongodb.MongoClientSettings;
import com.mongodb.ServerAddress;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import io.dataexport.failure.TransientFailures;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The database taken away in the middle of a read that runs ahead on its own thread: the export
 * gets a failure it retries (as it did when it read the cursor itself), and nothing is left
 * running.
 */
class ReadAheadOutageTest {

  private static final int RECORDS = 2_000;
  private static final int BATCH = 100;
  private static final String THREAD = "source-read-outage-test";

  private MongoServer server;
  private MongoClient client;

  @BeforeEach
  void startTheDatabase() {
    server = new MongoServer(H2Backend.inMemory());
    InetSocketAddress address = server.bind();
    client =
        MongoClients.create(
            MongoClientSettings.builder()
                .applyToClusterSettings(
                    c ->
                        c.hosts(List.of(new ServerAddress("127.0.0.1", address.getPort())))
                            .serverSelectionTimeout(2, TimeUnit.SECONDS))
                .applyToSocketSettings(s -> s.connectTimeout(2, TimeUnit.SECONDS))
                .build());
  }

  @AfterEach
  void stopIt() {
    client.close();
    server.shutdownNow();
  }

  @Test
  void anOutageMidReadReachesTheExportAsAPassingFailureAndTheReadingThreadEnds() {
    MongoCollection<Document> sessions = client.getDatabase("outage").getCollection("sessions");
    sessions.insertMany(
        IntStream.range(0, RECORDS)
            .mapToObj(i -> new Document("_id", i).append("text", "x".repeat(200)))
            .toList());
    ReadAhead<Document> records =
        new ReadAhead<>(sessions.find().batchSize(BATCH).cursor(), BATCH, THREAD);

    List<Object> read = new ArrayList<>();
    for (int i = 0; i < BATCH + 1; i++) {
      read.add(records.next().get("_id"));
    }
    server.shutdownNow();
    Throwable failure =
        catchThrowable(
            () -> {
              while (records.hasNext()) {
                read.add(records.next().get("_id"));
              }
            });
    records.close();

    assertThat(failure).as("the export learns of the outage").isNotNull();
    assertThat(TransientFailures.isTransient(failure)).as("retried: %s", failure).isTrue();
    assertThat(read)
        .as("the records read before the outage, in order, no more than were fetched")
        .isEqualTo(IntStream.range(0, read.size()).boxed().toList())
        .hasSizeLessThan(RECORDS);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                Thread.getAllStackTraces().keySet().stream()
                    .noneMatch(t -> t.getName().equals(THREAD)));
  }
}
