package io.dataexport.bench;

import com.mongodb.client.MongoDatabase;
import io.dataexport.api.v1.EnterpriseExportScope;
import io.dataexport.catalog.CatalogCollections;
import io.dataexport.export.ExportJob;
import io.dataexport.export.ExportJob.ExportFilters;
import io.dataexport.worker.archive.WriteProgress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Random;
import org.bson.Document;

/** One user's synthetic source data, sized by the benchmark's parameters. */
final class BenchData {

  /** The benchmarks measure writing only: progress reports go nowhere. */
  static final WriteProgress NO_PROGRESS =
      new WriteProgress() {
        @Override
        public void sectionsPlanned(int sections) {}

        @Override
        public void recordWritten() {}

        @Override
        public void sectionDone() {}
      };

  static final String ENTERPRISE = "ent_bench";
  static final String USER = "6f1c2a7e-0b7d-4c1e-9a53-000000000b01";
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private BenchData() {}

  /**
   * @param sessions sessions of the user, each with {@code events} events of {@code eventChars}
   *     characters of text
   * @param files attached files of {@code fileBytes} random bytes, spread over the sessions, their
   *     bytes written to the source bucket directory {@code bucket}
   */
  static void seed(
      MongoDatabase db,
      java.nio.file.Path bucket,
      int sessions,
      int events,
      int eventChars,
      int files,
      int fileBytes)
      throws java.io.IOException {
    Random random = new Random(42);
    db.getCollection(CatalogCollections.USERS)
        .insertOne(
            new Document("_id", USER)
                .append("email", "bench@example.com")
                .append("name", "Bench User")
                .append("created_at", Date.from(T0))
                .append(
                    "enterprise_memberships", List.of(new Document("enterprise_uid", ENTERPRISE))));
    String text = "x".repeat(eventChars);
    List<Document> batch = new ArrayList<>();
    for (int s = 0; s < sessions; s++) {
      List<Document> sessionEvents = new ArrayList<>();
      for (int e = 0; e < events; e++) {
        sessionEvents.add(
            new Document("type", "user_message").append("at", Date.from(T0)).append("text", text));
      }
      batch.add(
          new Document("_id", "ses_" + s)
              .append("user_id", USER)
              .append("title", "Session " + s)
              .append("created_at", Date.from(T0.plusSeconds(s)))
              .append("deleted", false)
              .append("events", sessionEvents));
      if (batch.size() == 500) {
        db.getCollection(CatalogCollections.SESSIONS).insertMany(batch);
        batch = new ArrayList<>();
      }
    }
    if (!batch.isEmpty()) {
      db.getCollection(CatalogCollections.SESSIONS).insertMany(batch);
    }
    for (int f = 0; f < files; f++) {
      byte[] content = new byte[fileBytes];
      random.nextBytes(content);
      java.nio.file.Files.write(bucket.resolve("fil_" + f), content);
      db.getCollection(CatalogCollections.SESSION_FILES)
          .insertOne(
              new Document("_id", "fil_" + f)
                  .append("session_id", "ses_" + (f % Math.max(1, sessions)))
                  .append("user_id", USER)
                  .append("name", "file" + f + ".bin")
                  .append("size_bytes", fileBytes)
                  .append("created_at", Date.from(T0.plusSeconds(f)))
                  .append("deleted", false)
                  .append("object_name", "fil_" + f));
    }
  }

  static ExportJob fullExport() {
    return ExportJob.pending(
        "exp_bench",
        ENTERPRISE,
        USER,
        new ExportFilters(
            EnterpriseExportScope.ENTERPRISE_EXPORT_SCOPE_FULL,
            false,
            true,
            null,
            null,
            List.of(),
            List.of(),
            List.of()),
        "benchmark",
        "bench",
        "req_bench",
        T0);
  }
}
