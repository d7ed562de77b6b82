package io.dataexport.worker.workspace;

import static com.mongodb.client.model.Filters.eq;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Projections;
import io.dataexport.catalog.CatalogCollections;
import io.dataexport.export.ExportJob;
import io.dataexport.worker.source.FieldAllowList;
import io.dataexport.worker.source.SecretFields;
import java.util.function.Consumer;
import org.bson.Document;

/** The enterprise itself: its name, plan and policies. */
final class EnterpriseRecord implements WorkspaceSection {

  static final FieldAllowList FIELDS =
      FieldAllowList.of(
          "_id", "name", "tier", "require_reason", "archive_retention_days", "created_at");

  private final MongoDatabase database;

  EnterpriseRecord(MongoDatabase database) {
    this.database = database;
  }

  @Override
  public String name() {
    return "enterprise";
  }

  @Override
  public boolean singleRecord() {
    return true;
  }

  @Override
  public void read(ExportJob job, Consumer<Document> each) {
    Document enterprise =
        database
            .getCollection(CatalogCollections.ENTERPRISES)
            .find(eq("_id", job.enterpriseUid()))
            .projection(Projections.include(FIELDS.topLevel()))
            .first();
    // an enterprise that has API keys but no platform record still gets its uid on the archive
    each.accept(
        enterprise == null
            ? new Document("_id", job.enterpriseUid())
            : SecretFields.scrub(FIELDS.filter(enterprise)));
  }
}
