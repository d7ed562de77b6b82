package io.dataexport.worker.source;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.gte;
import static com.mongodb.client.model.Filters.in;
import static com.mongodb.client.model.Filters.lte;
import static com.mongodb.client.model.Filters.ne;

import com.mongodb.client.MongoCursor;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import io.dataexport.api.v1.EnterpriseExportScope;
import io.dataexport.archive.ArchiveLayout;
import io.dataexport.catalog.CatalogCollections;
import io.dataexport.export.ExportJob;
import io.dataexport.export.ExportJob.ExportFilters;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.Function;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.bson.types.Binary;

/** Reads one user's records for an export from MongoDB, section by section, as the filters say. */
public class UserDataReader implements ExportSource {

  // Every source record carries created_at; the id breaks ties so the order is stable.
  private static final Bson OLDEST_FIRST = Sorts.ascending("created_at", "_id");

  // Records and files are fetched a batch at a time, so memory holds one batch whatever the
  // export's size. (Without a batch size the embedded MongoDB-wire server answers a whole
  // collection in one reply, which the driver refuses past 48 MB.)
  static final int RECORD_BATCH = 100;
  static final int FILE_BATCH = 2;

  private final MongoDatabase database;

  public UserDataReader(MongoDatabase database) {
    this.database = database;
  }

  @Override
  public List<Section> sections(ExportJob job) {
    return Sections.forScope(job.filters().scope());
  }

  @Override
  public boolean carriesFiles(ExportJob job) {
    return job.filters().includeFiles() && Sections.carriesFiles(job.filters().scope());
  }

  @Override
  public SourceCursor<Document> records(Section section, ExportJob job) {
    return cursor(
        database
            .getCollection(section.collection())
            .find(and(filter(section, job)))
            .projection(Projections.include(section.fields()))
            .sort(OLDEST_FIRST)
            .batchSize(RECORD_BATCH)
            .cursor(),
        record -> record);
  }

  /** The attached files the export carries, content included, one at a time. */
  @Override
  public SourceCursor<SourceFile> files(ExportJob job) {
    if (!carriesFiles(job)) {
      return cursor(null, null);
    }
    return cursor(
        database
            .getCollection(CatalogCollections.SESSION_FILES)
            .find(and(filter(Sections.SESSION_FILE_INFO, job)))
            .projection(Projections.include("_id", "session_id", "name", "content"))
            .sort(OLDEST_FIRST)
            .batchSize(FILE_BATCH)
            .cursor(),
        UserDataReader::attachedFile);
  }

  private static SourceFile attachedFile(Document file) {
    String sessionId = file.getString("session_id");
    byte[] bytes = file.get("content") instanceof Binary binary ? binary.getData() : new byte[0];
    return new SourceFile(
        String.valueOf(file.get("_id")),
        ArchiveLayout.FILES_FOLDER + sessionId,
        sessionId,
        file.getString("name"),
        bytes.length,
        () -> new ByteArrayInputStream(bytes));
  }

  /** {@code mongo} mapped by {@code map}; a null cursor is an empty one. */
  private static <T> SourceCursor<T> cursor(
      MongoCursor<Document> mongo, Function<Document, T> map) {
    return new SourceCursor<>() {
      @Override
      public boolean hasNext() {
        return mongo != null && mongo.hasNext();
      }

      @Override
      public T next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        return map.apply(mongo.next());
      }

      @Override
      public void close() {
        if (mongo != null) {
          mongo.close();
        }
      }
    };
  }

  private static List<Bson> filter(Section section, ExportJob job) {
    ExportFilters f = job.filters();
    List<Bson> filters = new ArrayList<>();
    filters.add(eq(section.userField(), job.userId()));
    if (section.softDeletable() && !f.includeDeleted()) {
      filters.add(ne("deleted", true));
    }
    if (section.timeField() != null && f.startTime() != null) {
      filters.add(gte(section.timeField(), Date.from(f.startTime())));
    }
    if (section.timeField() != null && f.endTime() != null) {
      filters.add(lte(section.timeField(), Date.from(f.endTime())));
    }
    if (section.sessionField() != null
        && f.scope() == EnterpriseExportScope.ENTERPRISE_EXPORT_SCOPE_CUSTOM_SESSION_IDS) {
      filters.add(in(section.sessionField(), f.sessionIds()));
    }
    if (section == Sections.PROJECT) {
      if (f.scope() == EnterpriseExportScope.ENTERPRISE_EXPORT_SCOPE_WEBDEV_PROJECT) {
        filters.add(eq("kind", "webdev"));
        if (!f.webdevProjectUids().isEmpty()) {
          filters.add(in("_id", f.webdevProjectUids()));
        }
      } else if (f.scope() == EnterpriseExportScope.ENTERPRISE_EXPORT_SCOPE_PROJECT
          && !f.projectUids().isEmpty()) {
        filters.add(in("_id", f.projectUids()));
      }
    }
    return filters;
  }
}
