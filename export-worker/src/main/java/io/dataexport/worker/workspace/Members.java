package io.dataexport.worker.workspace;

import static com.mongodb.client.model.Filters.eq;

import com.mongodb.client.MongoCursor;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import io.dataexport.catalog.CatalogCollections;
import io.dataexport.export.ExportJob;
import java.util.List;
import java.util.function.Consumer;
import org.bson.Document;

/**
 * Everyone who is or was a member of the enterprise, deleted accounts included, ordered by user id:
 * who they are, their role and when they joined and left. Only this enterprise's membership is
 * shown; what a member did elsewhere is not this enterprise's data.
 */
final class Members implements WorkspaceSection {

  private static final String MEMBERSHIPS = "enterprise_memberships";

  private final MongoDatabase database;

  Members(MongoDatabase database) {
    this.database = database;
  }

  @Override
  public String name() {
    return "members";
  }

  @Override
  public void read(ExportJob job, Consumer<Document> each) {
    try (MongoCursor<Document> users =
        database
            .getCollection(CatalogCollections.USERS)
            .find(eq(MEMBERSHIPS + ".enterprise_uid", job.enterpriseUid()))
            .projection(
                Projections.include(
                    "_id", "email", "name", "created_at", "deleted", "deleted_at", MEMBERSHIPS))
            .sort(Sorts.ascending("_id"))
            .batchSize(TaggedRecords.BATCH)
            .cursor()) {
      users.forEachRemaining(user -> each.accept(member(user, job.enterpriseUid())));
    }
  }

  private static Document member(Document user, String enterpriseUid) {
    Document membership =
        user.getList(MEMBERSHIPS, Document.class, List.of()).stream()
            .filter(m -> enterpriseUid.equals(m.getString("enterprise_uid")))
            .findFirst()
            .orElseGet(Document::new);
    return new Document("user_id", user.get("_id"))
        .append("email", user.getString("email"))
        .append("name", user.getString("name"))
        .append("role", membership.getString("role"))
        .append("joined_at", membership.getDate("joined_at"))
        .append("left_at", membership.getDate("left_at"))
        .append("former_member", membership.getDate("left_at") != null)
        .append("deleted", user.getBoolean("deleted", false))
        .append("deleted_at", user.getDate("deleted_at"))
        .append("created_at", user.getDate("created_at"));
  }
}
