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
 * created at start only where {@code dataexport.mongodb.create-source-indexes} says so; elsewhere
 * the platform's operators apply deploy/mongodb/source-indexes.js.
 *
 * <p>Each user-owned collection gets {@code {user_id, created_at, _id}}: every read of a user's
 * records is an equality on {@code user_id}, and the export (oldest first) and the task list
 * (newest first, the index walked backwards) need no sort in memory. The embedded MongoDB-wire
 * server (mongo-java-server 1.47) ignores every non-unique index, single-field ones included, and
 * answers only queries naming exactly {@code _id} or a unique index's fields from an index: there
 * these indexes change nothing, and its data cache is what keeps scans fast (docs/benchmarks.md).
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

  static final List<String> ENTERPRISE_TAGGED =
      List.of(CatalogCollections.TEAMS, CatalogCollections.TEAM_USER_RELATIONS, "projects");

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
    }
    // the workspace export reads these collections by enterprise tag
    for (String collection : ENTERPRISE_TAGGED) {
      all.add(
          new Declared(
              collection,
              "enterprise_records_by_time",
              Indexes.ascending("enterprise_uid", "created_at", "_id")));
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
