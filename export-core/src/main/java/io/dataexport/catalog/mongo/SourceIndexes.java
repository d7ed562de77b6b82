package io.dataexport.catalog.mongo;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import io.dataexport.catalog.CatalogCollections;
import java.util.List;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * The indexes this service's reads rely on in the platform's collections, which it does not own:
 * created at start only where {@code dataexport.mongodb.create-source-indexes} says so (the
 * embedded stack; elsewhere the platform's operators apply deploy/mongodb/source-indexes.js).
 *
 * <p>Each user-owned collection gets two: {@code {user_id, created_at, _id}} serves a real mongod
 * (equality, then the export's and the task list's order without a sort in memory), and {@code
 * {user_id}} alone serves the embedded MongoDB-wire server, which ignores compound indexes but uses
 * a single-field one when a query leads with an equality on it (docs/benchmarks.md measures it).
 */
public final class SourceIndexes {

  /** A declared index: its collection, name and keys in order. */
  public record Declared(String collection, String name, Bson keys) {}

  static final List<String> USER_OWNED =
      List.of(
          CatalogCollections.PLATFORM_USERS,
          "user_client_configs",
          CatalogCollections.USER_PERSONALIZATION,
          "projects",
          CatalogCollections.SESSIONS,
          CatalogCollections.SESSION_FILES,
          "skills",
          "user_knowledge",
          "notifications",
          CatalogCollections.TEAM_USER_RELATIONS);

  private SourceIndexes() {}

  public static List<Declared> declared() {
    List<Declared> all = new java.util.ArrayList<>();
    all.add(
        new Declared(
            CatalogCollections.USERS,
            "members_by_enterprise",
            Indexes.ascending("enterprise_memberships.enterprise_uid")));
    all.add(new Declared(CatalogCollections.USERS, "users_by_email", Indexes.ascending("email")));
    for (String collection : USER_OWNED) {
      all.add(
          new Declared(
              collection,
              "user_records_by_time",
              Indexes.ascending("user_id", "created_at", "_id")));
      all.add(new Declared(collection, "user_records", Indexes.ascending("user_id")));
    }
    return List.copyOf(all);
  }

  /** Creates every declared index; idempotent. */
  public static void create(MongoDatabase database) {
    for (Declared index : declared()) {
      database
          .getCollection(index.collection(), Document.class)
          .createIndex(index.keys(), new IndexOptions().name(index.name()));
    }
  }
}
