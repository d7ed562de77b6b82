package io.dataexport.worker.workspace;

import static com.mongodb.client.model.Filters.eq;

import com.mongodb.client.MongoCursor;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import io.dataexport.catalog.EnterpriseScope;
import io.dataexport.export.ExportJob;
import io.dataexport.worker.source.FieldAllowList;
import io.dataexport.worker.source.SecretFields;
import java.util.function.Consumer;
import org.bson.Document;

/**
 * The records of a collection tagged with the enterprise's uid, soft-deleted ones included (the
 * workspace's history is the point), oldest first. Untagged records are judged per member by when
 * they were created, so they are in the members' own exports rather than here.
 */
final class TaggedRecords implements WorkspaceSection {

  // a batch at a time: the embedded MongoDB-wire server otherwise answers a collection at once
  static final int BATCH = 200;

  private final String name;
  private final MongoDatabase database;
  private final String collection;
  private final FieldAllowList fields;

  TaggedRecords(String name, MongoDatabase database, String collection, FieldAllowList fields) {
    this.name = name;
    this.database = database;
    this.collection = collection;
    this.fields = fields;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public void read(ExportJob job, Consumer<Document> each) {
    try (MongoCursor<Document> records =
        database
            .getCollection(collection)
            .find(eq(EnterpriseScope.ENTERPRISE_UID, job.enterpriseUid()))
            .projection(Projections.include(fields.topLevel()))
            .sort(Sorts.ascending("created_at", "_id"))
            .batchSize(BATCH)
            .cursor()) {
      records.forEachRemaining(record -> each.accept(SecretFields.scrub(fields.filter(record))));
    }
  }
}
