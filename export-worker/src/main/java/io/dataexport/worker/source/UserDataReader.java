package io.dataexport.worker.source;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.gte;
import static com.mongodb.client.model.Filters.in;
import static com.mongodb.client.model.Filters.lt;
import static com.mongodb.client.model.Filters.lte;
import static com.mongodb.client.model.Filters.ne;
import static com.mongodb.client.model.Filters.or;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoCursor;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import io.dataexport.api.v1.EnterpriseExportScope;
import io.dataexport.archive.ArchiveLayout;
import io.dataexport.catalog.MembershipWindows;
import io.dataexport.catalog.UserCatalog;
import io.dataexport.catalog.mongo.MongoUserCatalog;
import io.dataexport.export.ExportJob;
import io.dataexport.export.ExportJob.ExportFilters;
import io.dataexport.worker.source.bucket.SourceBucket;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.bson.Document;
import org.bson.codecs.configuration.CodecRegistries;
import org.bson.codecs.configuration.CodecRegistry;
import org.bson.conversions.Bson;

/**
 * The export source on the platform's MongoDB collections and its bucket of files: reads one user's
 * records section by section as the catalog ({@link Sections}) and the job's filters say, keeps
 * only the records that belong to the exporting enterprise, and lets only allow-listed fields
 * leave, with secret-named fields removed at every depth.
 */
public class UserDataReader implements ExportSource {

  private static final String CREATED_AT = "created_at";
  private static final String ID = "_id";

  // Every source record carries created_at; the id breaks ties so the order is stable.
  private static final Bson OLDEST_FIRST = Sorts.ascending(CREATED_AT, ID);

  // Records and files are fetched a batch at a time, so memory holds one batch whatever the
  // export's size. (Without a batch size the embedded MongoDB-wire server answers a whole
  // collection in one reply, which the driver refuses past 48 MB.)
  static final int RECORD_BATCH = 100;

  /** Where a session file's bytes are in the bucket. */
  static final String FILE_OBJECT = "object_name";

  /** Where a skill's archive is in the bucket. */
  static final String SKILL_ARCHIVE_OBJECT = "archive_object";

  // Records that follow a parent are checked this many at a time when the parents are too many to
  // hold: one question to the database per batch.
  static final int PARENT_CHECK_BATCH = 500;

  private final MongoDatabase database;
  private final UserCatalog users;
  private final SourceBucket bucket;
  private final int parentIdsInMemory;

  /** Per section with no rule and no parent, its collection decoding only what may leave. */
  private final Map<Section, MongoCollection<Document>> exportedCollections =
      new ConcurrentHashMap<>();

  /**
   * The ids a recent export carried in a section others follow (its sessions), noted while the
   * writer read that section, so the files' section and the files themselves need not read the
   * sessions again: on the embedded MongoDB-wire server every such read scans the collection, and
   * three scans made a long export outlast the abandoned-upload sweep. Bounded: 16 exports, each
   * with at most {@link #parentIdsInMemory} ids (or the note that it had more); a note missing here
   * is made again.
   */
  private final Map<String, ParentIds> carried = recentlyUsed(16);

  /**
   * The sections the writer's cap cut in recent exports: the condition that keeps a section's
   * records up to the last one written, for the sections that follow it. Unlike a note above, a cut
   * cannot be made again, so many more are kept (a condition is a few hundred bytes): an export's
   * files follow its sessions within the same run, and it would take a thousand other cut sections
   * in between to drop one.
   */
  private final Map<String, Bson> cuts = recentlyUsed(1024);

  /**
   * @param parentIdsInMemory the most ids of parent records (a user's sessions, for their files)
   *     held at once for one export; with more, the parents of each batch of records that follow
   *     them are asked of the database instead, so memory stays flat however many sessions a user
   *     has (an id takes about 100 bytes)
   */
  public UserDataReader(MongoDatabase database, SourceBucket bucket, int parentIdsInMemory) {
    this.database = database;
    this.users = new MongoUserCatalog(database);
    this.bucket = bucket;
    this.parentIdsInMemory = parentIdsInMemory;
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
    MembershipWindows membership = users.memberships(job.enterpriseUid(), job.userId());
    boolean leavesAsRead = section.rule() == SectionRule.NONE && section.follows() == null;
    Cursors.Mapped<Document> raw =
        read(
            section,
            job,
            membership,
            section.fields().topLevel(),
            null,
            leavesAsRead ? asExported(section) : collection(section));
    if (section == Sections.SESSION_INFO) {
      // _id is allow-listed, so the records decoded as they leave still carry it
      raw = noting(raw, carriedKey(job, section, ID), ID);
    }
    if (leavesAsRead) {
      return raw; // decoded with only the fields that may leave
    }
    return raw.map(
        record -> {
          Document shaped = section.rule().shape(record, job, membership);
          return shaped == null ? null : SecretFields.scrub(section.fields().filter(shaped));
        });
  }

  /**
   * From now on the section's records, read as parents, are only those up to {@code lastWritten} in
   * the order they were written (oldest first), so their files follow the sessions written only.
   */
  @Override
  public void cut(Section section, ExportJob job, Document lastWritten) {
    String key = sectionKey(job, section);
    cuts.put(
        key,
        lastWritten == null
            ? in(ID, List.of())
            : or(
                lt(CREATED_AT, lastWritten.get(CREATED_AT)),
                and(eq(CREATED_AT, lastWritten.get(CREATED_AT)), lte(ID, lastWritten.get(ID)))));
    // the ids noted while the section was read include those of the records the cap left out
    synchronized (carried) {
      carried.keySet().removeIf(noted -> noted.startsWith(key));
    }
  }

  private MongoCollection<Document> collection(Section section) {
    return database.getCollection(section.collection());
  }

  /** The section's collection, decoding its records as they may leave (allow-list, no secrets). */
  private MongoCollection<Document> asExported(Section section) {
    return exportedCollections.computeIfAbsent(
        section,
        s -> {
          CodecRegistry registry = database.getCodecRegistry();
          return collection(s)
              .withCodecRegistry(
                  CodecRegistries.fromRegistries(
                      CodecRegistries.fromCodecs(new ExportedFieldsCodec(s.fields(), registry)),
                      registry));
        });
  }

  /**
   * The files the export carries, attached files first, then the skills' archives (when the scope
   * has {@code skill.json}); each opened at the bucket only when the writer copies it.
   */
  @Override
  public SourceCursor<SourceFile> files(ExportJob job) {
    if (!carriesFiles(job)) {
      return Cursors.empty();
    }
    MembershipWindows membership = users.memberships(job.enterpriseUid(), job.userId());
    SourceCursor<SourceFile> attached =
        read(
                Sections.SESSION_FILE_INFO,
                job,
                membership,
                List.of("_id", "session_id", "name", "size_bytes", FILE_OBJECT))
            .map(this::attachedFile);
    if (!sections(job).contains(Sections.SKILL)) {
      return attached;
    }
    return Cursors.concat(
        attached,
        () ->
            read(
                    Sections.SKILL,
                    job,
                    membership,
                    List.of("_id", "name", "archive_size_bytes", SKILL_ARCHIVE_OBJECT))
                .map(this::skillArchive));
  }

  private SourceFile attachedFile(Document file) {
    String sessionId = file.getString("session_id");
    String object = file.getString(FILE_OBJECT);
    return new SourceFile(
        String.valueOf(file.get("_id")),
        ArchiveLayout.FILES_FOLDER + sessionId,
        sessionId,
        file.getString("name"),
        size(file.get("size_bytes")),
        () -> bucket.open(object));
  }

  /** {@code skills/<skill_uid>/<name>.zip}; a skill without an archive carries no file. */
  private SourceFile skillArchive(Document skill) {
    String object = skill.getString(SKILL_ARCHIVE_OBJECT);
    if (object == null) {
      return null;
    }
    String id = String.valueOf(skill.get("_id"));
    return new SourceFile(
        id,
        "skills/" + id,
        null,
        skill.getString("name") + ".zip",
        size(skill.get("archive_size_bytes")),
        () -> bucket.open(object));
  }

  private static long size(Object value) {
    return value instanceof Number n ? n.longValue() : -1;
  }

  /** The section's records for the job, raw (not yet shaped or filtered), oldest first. */
  private Cursors.Mapped<Document> read(
      Section section, ExportJob job, MembershipWindows membership, List<String> fields) {
    return read(section, job, membership, fields, null);
  }

  /** The same, of the records that also match {@code narrowing} when it is given. */
  private Cursors.Mapped<Document> read(
      Section section,
      ExportJob job,
      MembershipWindows membership,
      List<String> fields,
      Bson narrowing) {
    return read(section, job, membership, fields, narrowing, collection(section));
  }

  /** The same, decoded by {@code from}'s codecs. */
  private Cursors.Mapped<Document> read(
      Section section,
      ExportJob job,
      MembershipWindows membership,
      List<String> fields,
      Bson narrowing,
      MongoCollection<Document> from) {
    List<Bson> conditions = conditions(section, job, membership);
    if (narrowing != null) {
      conditions.add(narrowing);
    }
    Section.Follows follows = section.follows();
    ParentIds parents = follows == null ? null : parentValues(follows, job, membership);
    boolean parentsNameThem = follows != null && section.userField() == null && parents.held();
    if (parentsNameThem) {
      // no user to lead with: the parents name the records (a handful: the user's teams)
      conditions.add(in(follows.field(), parents.ids()));
    }
    List<String> projected = new ArrayList<>(fields);
    if (follows != null && !projected.contains(follows.field())) {
      projected.add(follows.field());
    }
    if (section.userField() != null) {
      conditions.add(0, eq(section.userField(), job.userId()));
    }
    Bson filter = and(conditions);
    MongoCursor<Document> cursor =
        from.find(filter)
            .projection(Projections.include(projected))
            .sort(OLDEST_FIRST)
            .batchSize(RECORD_BATCH)
            .cursor();
    Cursors.Mapped<Document> records =
        Cursors.of(new ReadAhead<>(cursor, RECORD_BATCH, "source-read-" + job.uid()));
    if (follows == null || parentsNameThem) {
      return records;
    }
    // a file goes with its session: the parent's filters (time, enterprise, ids) decide
    if (parents.held()) {
      return records.map(
          r -> parents.ids().contains(String.valueOf(r.get(follows.field()))) ? r : null);
    }
    return Cursors.of(
        new ParentsCheckedInBatches(
            records,
            follows.field(),
            PARENT_CHECK_BATCH,
            named -> exportedParents(follows, job, membership, named)));
  }

  /**
   * {@code records}, noting {@code field} of each, up to {@link #parentIdsInMemory} of them; the
   * note (the ids, or that there were more) is kept once all were read.
   */
  private Cursors.Mapped<Document> noting(
      Cursors.Mapped<Document> records, String key, String field) {
    BoundedIds seen = new BoundedIds();
    return records
        .map(
            record -> {
              seen.add(record.get(field));
              return record;
            })
        .onExhausted(() -> carried.put(key, seen.result()));
  }

  /** What is noted of one section of one export attempt starts with this. */
  private static String sectionKey(ExportJob job, Section section) {
    return job.uid() + "#" + job.attempt() + "#" + section.entryName() + "#";
  }

  private static String carriedKey(ExportJob job, Section section, String field) {
    return sectionKey(job, section) + field;
  }

  /**
   * The values of {@code follows.parentField} over the parent records the export carries, or that
   * they are more than {@link #parentIdsInMemory}.
   */
  private ParentIds parentValues(
      Section.Follows follows, ExportJob job, MembershipWindows membership) {
    String key = carriedKey(job, follows.parent(), follows.parentField());
    ParentIds noted = carried.get(key);
    if (noted != null) {
      return noted;
    }
    BoundedIds values = new BoundedIds();
    try (SourceCursor<Document> parents =
        read(follows.parent(), job, membership, List.of(follows.parentField()))) {
      while (parents.hasNext()) {
        if (!values.add(parents.next().get(follows.parentField()))) {
          // noted, so the next section that follows them does not read that far again
          carried.put(key, ParentIds.TOO_MANY);
          return ParentIds.TOO_MANY;
        }
      }
    }
    return values.result();
  }

  /** Of the parent values {@code named}, those of parent records the export carries. */
  private Set<String> exportedParents(
      Section.Follows follows, ExportJob job, MembershipWindows membership, Set<String> named) {
    Set<String> exported = new HashSet<>();
    try (SourceCursor<Document> parents =
        read(
            follows.parent(),
            job,
            membership,
            List.of(follows.parentField()),
            in(follows.parentField(), named))) {
      parents.forEachRemaining(
          parent -> {
            Object value = parent.get(follows.parentField());
            if (value != null) {
              exported.add(String.valueOf(value));
            }
          });
    }
    return exported;
  }

  /** The ids of a section's records others follow, or the note that they were too many to hold. */
  private record ParentIds(Set<String> ids) {
    static final ParentIds TOO_MANY = new ParentIds(null);

    boolean held() {
      return ids != null;
    }
  }

  /** Parent ids gathered up to {@link #parentIdsInMemory}; past that, only that they were more. */
  private final class BoundedIds {
    private Set<String> ids = new HashSet<>();

    /** Adds a parent's id (a missing one names no parent); false once they are too many. */
    boolean add(Object id) {
      if (ids != null
          && id != null
          && ids.add(String.valueOf(id))
          && ids.size() > parentIdsInMemory) {
        ids = null;
      }
      return ids != null;
    }

    ParentIds result() {
      return ids == null ? ParentIds.TOO_MANY : new ParentIds(ids);
    }
  }

  private List<Bson> conditions(Section section, ExportJob job, MembershipWindows membership) {
    ExportFilters f = job.filters();
    List<Bson> conditions = new ArrayList<>();
    Bson cut = cuts.get(sectionKey(job, section));
    if (cut != null) {
      conditions.add(cut);
    }
    if (section.scope() != null) {
      conditions.add(section.scope().filter(membership));
    }
    if (section.softDeleteField() != null && !f.includeDeleted()) {
      conditions.add(ne(section.softDeleteField(), true));
    }
    if (section.timeField() != null && f.startTime() != null) {
      conditions.add(gte(section.timeField(), Date.from(f.startTime())));
    }
    if (section.timeField() != null && f.endTime() != null) {
      conditions.add(lte(section.timeField(), Date.from(f.endTime())));
    }
    if (section.sessionField() != null
        && f.scope() == EnterpriseExportScope.ENTERPRISE_EXPORT_SCOPE_CUSTOM_SESSION_IDS) {
      conditions.add(in(section.sessionField(), f.sessionIds()));
    }
    Bson rule = section.rule().filter(job);
    if (rule != null) {
      conditions.add(rule);
    }
    return conditions;
  }

  /** A map of at most {@code size} entries, the least recently used dropped first. */
  private static <V> Map<String, V> recentlyUsed(int size) {
    return Collections.synchronizedMap(
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
            return size() > size;
          }
        });
  }
}
