package io.dataexport.standalone.pipeline;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import io.dataexport.catalog.CatalogCollections;
import io.dataexport.gateway.auth.ApiKeyStore;
import io.dataexport.gateway.auth.Role;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.bson.Document;

/**
 * Source data of the shapes docs/source-data.md describes, in the amounts a test needs: users of an
 * enterprise, each with as many sessions (with events) and attached files as make their export take
 * the time the test wants. Written straight into the platform collections, as the platform would
 * have written them.
 */
final class SourceData {

  private static final Instant T0 = Instant.parse("2025-06-02T08:00:00Z");
  private static final int BATCH = 500;

  private final MongoDatabase db;
  private final java.nio.file.Path bucket;

  /**
   * @param bucket the filesystem source bucket the workers read attached files from
   */
  SourceData(MongoDatabase db, java.nio.file.Path bucket) {
    this.db = db;
    this.bucket = bucket;
  }

  /** A stable user id (a UUID, as the API wants it) for a name used in a test. */
  static String userId(String name) {
    return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
  }

  /** The enterprise, if it is not there yet. */
  SourceData enterprise(String enterpriseUid, String name) {
    db.getCollection(CatalogCollections.ENTERPRISES)
        .replaceOne(
            Filters.eq("_id", enterpriseUid),
            new Document("_id", enterpriseUid).append("name", name).append("require_reason", false),
            new ReplaceOptions().upsert(true));
    return this;
  }

  /** An ADMIN key of the enterprise, issued as the gateway's key command issues it. */
  String adminKey(String enterpriseUid) {
    return new ApiKeyStore(db)
        .issue(enterpriseUid, Role.ADMIN, "pipeline test key", Instant.now())
        .apiKey();
  }

  /** A member of the enterprise, with a profile and a project. */
  SourceData user(String userId, String enterpriseUid) {
    db.getCollection(CatalogCollections.USERS)
        .insertOne(
            new Document("_id", userId)
                .append("email", userId.substring(0, 8) + "@" + enterpriseUid + ".example")
                .append("name", "User " + userId.substring(0, 8))
                .append("created_at", at(0))
                .append("deleted", false)
                .append("deleted_at", null)
                .append("locale", "en-GB")
                .append("password_hash", "$2a$10$not-for-export")
                .append(
                    "enterprise_memberships",
                    List.of(
                        new Document("enterprise_uid", enterpriseUid)
                            .append("role", "member")
                            .append("joined_at", at(0))
                            .append("left_at", null))));
    db.getCollection(CatalogCollections.USER_PERSONALIZATION)
        .insertOne(
            new Document("_id", "per_" + userId)
                .append("user_id", userId)
                .append("language", "en")
                .append("theme", "light"));
    db.getCollection("projects")
        .insertOne(
            new Document("_id", "prj_" + userId)
                .append("user_id", userId)
                .append("name", "Project of " + userId.substring(0, 8))
                .append("kind", "webdev")
                .append("created_at", at(1))
                .append("deleted", false));
    return this;
  }

  /**
   * {@code count} sessions of the user, each with {@code eventsPerSession} events of about {@code
   * textBytes} characters; every tenth session is soft-deleted. Returns the session ids.
   */
  List<String> sessions(String userId, int count, int eventsPerSession, int textBytes) {
    MongoCollection<Document> sessions = db.getCollection(CatalogCollections.SESSIONS);
    Random random = new Random(userId.hashCode());
    List<String> ids = new ArrayList<>();
    List<Document> batch = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String id = "ses_" + userId.substring(0, 8) + "_" + i;
      ids.add(id);
      List<Document> events = new ArrayList<>();
      for (int e = 0; e < eventsPerSession; e++) {
        events.add(
            new Document("type", e % 2 == 0 ? "user_message" : "assistant_message")
                .append("at", at(2 + i / 100))
                .append("text", text(random, textBytes)));
      }
      batch.add(
          new Document("_id", id)
              .append("user_id", userId)
              .append("title", "Session " + i)
              .append("created_at", at(2 + i / 100))
              .append("deleted", i % 10 == 9)
              .append("events", events));
      if (batch.size() == BATCH) {
        sessions.insertMany(batch);
        batch.clear();
      }
    }
    if (!batch.isEmpty()) {
      sessions.insertMany(batch);
    }
    return ids;
  }

  /** {@code count} attached files of {@code bytes} each in the session. */
  SourceData files(String userId, String sessionId, int count, int bytes) {
    MongoCollection<Document> files = db.getCollection(CatalogCollections.SESSION_FILES);
    Random random = new Random(sessionId.hashCode());
    for (int i = 0; i < count; i++) {
      byte[] content = new byte[bytes];
      random.nextBytes(content);
      String object = "session-files/" + userId + "/" + sessionId + "/" + i;
      try {
        java.nio.file.Path file = bucket.resolve(object);
        java.nio.file.Files.createDirectories(file.getParent());
        java.nio.file.Files.write(file, content);
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      files.insertOne(
          new Document("_id", "fil_" + sessionId + "_" + i)
              .append("session_id", sessionId)
              .append("user_id", userId)
              .append("name", "attachment-" + i + ".bin")
              .append("content_type", "application/octet-stream")
              .append("size_bytes", bytes)
              .append("created_at", at(3))
              .append("deleted", false)
              .append("object_name", object));
    }
    return this;
  }

  private static String text(Random random, int length) {
    StringBuilder s = new StringBuilder(length);
    while (s.length() < length) {
      s.append(WORDS[random.nextInt(WORDS.length)]).append(' ');
    }
    return s.substring(0, length);
  }

  private static final String[] WORDS = {
    "export", "archive", "session", "lease", "worker", "partition", "tenant", "request", "audit",
    "manifest", "retention", "offset", "broker", "replica", "cursor", "batch", "spool", "digest"
  };

  private static Date at(int day) {
    return Date.from(T0.plusSeconds(86_400L * day));
  }
}
