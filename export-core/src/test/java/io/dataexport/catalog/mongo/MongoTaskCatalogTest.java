package io.dataexport.catalog.mongo;

import static io.dataexport.catalog.CatalogFixtures.session;
import static io.dataexport.catalog.CatalogFixtures.sessionFile;
import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoDatabase;
import io.dataexport.catalog.CatalogCollections;
import io.dataexport.catalog.CatalogFixtures;
import io.dataexport.catalog.TaskCatalog.TaskQuery;
import io.dataexport.catalog.TaskSummary;
import io.dataexport.mongo.InMemoryMongo;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class MongoTaskCatalogTest {

  private static final String ADA = "usr_ada";
  private static final String GRACE = "usr_grace";
  private static final String ENTERPRISE = "ent_acme";
  private static final String OTHER_ENTERPRISE = "ent_globex";
  private static final Instant T0 = Instant.parse("2026-01-05T09:00:00Z");

  /** Ada's sessions: two deleted, two created at the very same instant. */
  private static final List<Task> ADAS_TASKS =
      List.of(
          new Task("ses_plan", "Launch plan", day(1), false, 2),
          new Task("ses_notes", "Engine notes", day(2), false, 1),
          new Task("ses_draft", "Deleted draft", day(3), true, 1),
          new Task("ses_budget", "Budget", day(4), false, 0),
          new Task("ses_tie_a", "Tie A", day(5), false, 0),
          new Task("ses_tie_b", "Tie B", day(5), false, 3),
          new Task("ses_old_deleted", "Old deleted", day(0), true, 0));

  private static final Comparator<Task> NEWEST_FIRST =
      Comparator.comparing(Task::createdAt).thenComparing(Task::id).reversed();

  @RegisterExtension static final InMemoryMongo mongo = new InMemoryMongo();

  private MongoTaskCatalog catalog;
  private MongoDatabase db;

  record Task(String id, String title, Instant createdAt, boolean deleted, int files) {
    TaskSummary summary() {
      return new TaskSummary(id, title, createdAt, deleted, files);
    }
  }

  @BeforeEach
  void seed() {
    MongoDatabase db = mongo.freshDatabase();
    var sessions = db.getCollection(CatalogCollections.SESSIONS);
    var files = db.getCollection(CatalogCollections.SESSION_FILES);
    for (Task task : ADAS_TASKS) {
      sessions.insertOne(session(task.id(), ADA, task.title(), task.createdAt(), task.deleted()));
      for (int i = 0; i < task.files(); i++) {
        files.insertOne(
            sessionFile("fil_" + task.id() + "_" + i, task.id(), ADA, "file" + i + ".txt")
                .append("created_at", Date.from(task.createdAt())));
      }
    }
    sessions.insertOne(session("ses_grace", GRACE, "Compiler ideas", day(3), false));
    files.insertOne(sessionFile("fil_grace", "ses_grace", GRACE, "a0.txt"));
    db.getCollection(CatalogCollections.USERS)
        .insertMany(
            List.of(
                CatalogFixtures.user(ADA, "ada@example.com", "Ada", ENTERPRISE),
                CatalogFixtures.user(GRACE, "grace@example.com", "Grace", ENTERPRISE)));
    catalog = new MongoTaskCatalog(db, new MongoUserCatalog(db));
    this.db = db;
  }

  @Test
  void aUsersTasksAreListedNewestFirstWithoutTheDeletedOnes() {
    List<TaskSummary> listed = catalog.list(query(null, null, false, 100));

    assertThat(listed).containsExactlyElementsOf(expected(task -> !task.deleted()));
  }

  @Test
  void deletedTasksAreListedOnlyWhenAskedFor() {
    List<TaskSummary> listed = catalog.list(query(null, null, true, 100));

    assertThat(listed).containsExactlyElementsOf(expected(task -> true));
    assertThat(listed)
        .filteredOn(TaskSummary::deleted)
        .extracting(TaskSummary::sessionId)
        .containsExactlyInAnyOrder("ses_draft", "ses_old_deleted");
  }

  @Test
  void theTimeBoundsIncludeTasksCreatedExactlyAtEitherBound() {
    Instant start = day(2);
    Instant end = day(4);

    List<TaskSummary> listed = catalog.list(query(start, end, true, 100));

    assertThat(listed)
        .containsExactlyElementsOf(
            expected(task -> !task.createdAt().isBefore(start) && !task.createdAt().isAfter(end)));
    assertThat(listed).extracting(TaskSummary::sessionId).contains("ses_notes", "ses_budget");
  }

  @Test
  void onlyAStartOrOnlyAnEndBoundsOneSide() {
    assertThat(catalog.list(query(day(4), null, true, 100)))
        .containsExactlyElementsOf(expected(task -> !task.createdAt().isBefore(day(4))));
    assertThat(catalog.list(query(null, day(1), true, 100)))
        .containsExactlyElementsOf(expected(task -> !task.createdAt().isAfter(day(1))));
  }

  @Test
  void pagesFollowEachOtherWithoutGapsOrRepeatsEvenAcrossTasksCreatedAtTheSameInstant() {
    List<TaskSummary> paged = new ArrayList<>();
    TaskSummary last = null;
    for (int pages = 0; pages <= ADAS_TASKS.size(); pages++) {
      List<TaskSummary> page =
          catalog.list(
              new TaskQuery(
                  ENTERPRISE,
                  ADA,
                  null,
                  null,
                  true,
                  last == null ? null : last.createdAt(),
                  last == null ? null : last.sessionId(),
                  2));
      if (page.isEmpty()) {
        break;
      }
      assertThat(page).hasSizeLessThanOrEqualTo(2);
      paged.addAll(page);
      last = page.get(page.size() - 1);
    }

    assertThat(paged).containsExactlyElementsOf(expected(task -> true));
  }

  @Test
  void aPageAfterACursorKeepsTheOtherFilters() {
    Task cursor =
        ADAS_TASKS.stream().filter(t -> t.id().equals("ses_budget")).findFirst().orElseThrow();

    List<TaskSummary> page =
        catalog.list(
            new TaskQuery(
                ENTERPRISE, ADA, day(1), null, false, cursor.createdAt(), cursor.id(), 100));

    assertThat(page)
        .containsExactlyElementsOf(
            expected(
                task ->
                    !task.deleted()
                        && !task.createdAt().isBefore(day(1))
                        && NEWEST_FIRST.compare(task, cursor) > 0));
  }

  @Test
  void eachTaskCountsItsOwnFiles() {
    Map<String, Integer> counts =
        catalog.list(query(null, null, true, 100)).stream()
            .collect(Collectors.toMap(TaskSummary::sessionId, TaskSummary::fileCount));

    assertThat(counts)
        .isEqualTo(ADAS_TASKS.stream().collect(Collectors.toMap(Task::id, Task::files)));
  }

  @Test
  void aTaskCountsTheFilesAnExportWouldCarry() {
    Task plan =
        ADAS_TASKS.stream().filter(t -> t.id().equals("ses_plan")).findFirst().orElseThrow();
    db.getCollection(CatalogCollections.SESSION_FILES)
        .insertMany(
            List.of(
                sessionFile("fil_gone", plan.id(), ADA, "gone.txt")
                    .append("deleted", true)
                    .append("created_at", Date.from(plan.createdAt())),
                sessionFile("fil_later", plan.id(), ADA, "later.txt")
                    .append("created_at", Date.from(plan.createdAt().plus(Duration.ofDays(30))))));

    // A file goes with its session: a later file of a session inside the bounds counts; a
    // deleted file counts only when deleted data is included.
    assertThat(fileCount(plan, query(null, plan.createdAt(), false, 100)))
        .isEqualTo(plan.files() + 1);
    assertThat(fileCount(plan, query(null, plan.createdAt(), true, 100)))
        .isEqualTo(plan.files() + 2);
  }

  private int fileCount(Task task, TaskQuery query) {
    return catalog.list(query).stream()
        .filter(t -> t.sessionId().equals(task.id()))
        .findFirst()
        .orElseThrow()
        .fileCount();
  }

  @Test
  void ownedByKeepsOnlyTheUsersOwnSessionIds() {
    assertThat(
            catalog.ownedBy(
                ENTERPRISE, ADA, List.of("ses_plan", "ses_draft", "ses_grace", "ses_nonexistent")))
        .containsExactlyInAnyOrder("ses_plan", "ses_draft");
    assertThat(catalog.ownedBy(ENTERPRISE, GRACE, List.of("ses_plan", "ses_grace")))
        .containsExactly("ses_grace");
    assertThat(catalog.ownedBy(ENTERPRISE, ADA, List.of())).isEmpty();
  }

  @Test
  void aMemberWhoMovedSeesOnlyTheSessionsOfTheEnterpriseAskingTaggedOrCreatedWhileAMember() {
    String mover = "usr_mover";
    Instant left = day(10);
    db.getCollection(CatalogCollections.USERS)
        .insertOne(
            CatalogFixtures.user(mover, "mover@example.com", "Mover", ENTERPRISE, OTHER_ENTERPRISE)
                .append(
                    "enterprise_memberships",
                    List.of(
                        new org.bson.Document("enterprise_uid", ENTERPRISE)
                            .append("joined_at", Date.from(day(0)))
                            .append("left_at", Date.from(left)),
                        new org.bson.Document("enterprise_uid", OTHER_ENTERPRISE)
                            .append("joined_at", Date.from(left))
                            .append("left_at", null))));
    var sessions = db.getCollection(CatalogCollections.SESSIONS);
    sessions.insertMany(
        List.of(
            session("ses_ours_tagged", mover, "Ours", day(20), false)
                .append("enterprise_uid", ENTERPRISE),
            session("ses_ours_untagged", mover, "Ours, old", day(5), false),
            session("ses_theirs_tagged", mover, "Theirs", day(5), false)
                .append("enterprise_uid", OTHER_ENTERPRISE),
            session("ses_theirs_untagged", mover, "Theirs, old", day(11), false)));

    List<TaskSummary> ours =
        catalog.list(new TaskQuery(ENTERPRISE, mover, null, null, true, null, null, 100));
    List<TaskSummary> theirs =
        catalog.list(new TaskQuery(OTHER_ENTERPRISE, mover, null, null, true, null, null, 100));

    assertThat(ours)
        .extracting(TaskSummary::sessionId)
        .containsExactly("ses_ours_tagged", "ses_ours_untagged");
    assertThat(theirs)
        .extracting(TaskSummary::sessionId)
        .containsExactly("ses_theirs_untagged", "ses_theirs_tagged");
    assertThat(
            catalog.ownedBy(
                ENTERPRISE, mover, List.of("ses_ours_untagged", "ses_theirs_tagged", "ses_plan")))
        .containsExactly("ses_ours_untagged");
    assertThat(catalog.list(new TaskQuery("ent_never", mover, null, null, true, null, null, 100)))
        .isEmpty();
  }

  private static TaskQuery query(Instant start, Instant end, boolean includeDeleted, int limit) {
    return new TaskQuery(ENTERPRISE, ADA, start, end, includeDeleted, null, null, limit);
  }

  private static List<TaskSummary> expected(Predicate<Task> kept) {
    return ADAS_TASKS.stream().filter(kept).sorted(NEWEST_FIRST).map(Task::summary).toList();
  }

  private static Instant day(int n) {
    return T0.plus(Duration.ofDays(n));
  }
}
