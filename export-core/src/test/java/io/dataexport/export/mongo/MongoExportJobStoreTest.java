package io.dataexport.export.mongo;

import static io.dataexport.api.v1.ExportStatus.EXPORT_STATUS_CANCELLED;
import static io.dataexport.api.v1.ExportStatus.EXPORT_STATUS_COMPLETED;
import static io.dataexport.api.v1.ExportStatus.EXPORT_STATUS_FAILED;
import static io.dataexport.api.v1.ExportStatus.EXPORT_STATUS_PENDING;
import static io.dataexport.api.v1.ExportStatus.EXPORT_STATUS_PROCESSING;
import static io.dataexport.export.ExportJobs.ENTERPRISE;
import static io.dataexport.export.ExportJobs.T0;
import static io.dataexport.export.ExportJobs.USER;
import static io.dataexport.export.ExportJobs.aPendingJob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertAll;

import io.dataexport.api.v1.EnterpriseExportScope;
import io.dataexport.api.v1.ExportStatus;
import io.dataexport.export.ExportJob;
import io.dataexport.export.ExportJob.ArchiveRef;
import io.dataexport.export.ExportJobStore.ExportCursor;
import io.dataexport.export.ExportJobStore.ExportListQuery;
import io.dataexport.export.ExportStateConflictException;
import io.dataexport.export.UserExportInProgressException;
import io.dataexport.mongo.InMemoryMongo;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class MongoExportJobStoreTest {

  private static final String OTHER_ENTERPRISE = "ent_globex";
  private static final String OTHER_USER = "usr_grace";

  /** Newest first, ties broken by uid: the order the store promises. */
  private static final Comparator<ExportJob> NEWEST_FIRST =
      Comparator.comparing(ExportJob::createdAt).thenComparing(ExportJob::uid).reversed();

  @RegisterExtension static final InMemoryMongo mongo = new InMemoryMongo();

  private MongoExportJobStore store;

  @BeforeEach
  void newStore() {
    store = new MongoExportJobStore(mongo.freshDatabase());
  }

  // --- round trip ---

  @Test
  void aJobReadsBackWithEveryFieldItWasInsertedWith() {
    ExportJob job =
        aPendingJob()
            .status(EXPORT_STATUS_FAILED)
            .scope(EnterpriseExportScope.ENTERPRISE_EXPORT_SCOPE_CUSTOM_SESSION_IDS)
            .includeDeleted(true)
            .includeFiles(false)
            .between(T0.minus(Duration.ofDays(30)), T0.minus(Duration.ofDays(1)))
            .sessionIds("ses_1", "ses_2")
            .webdevProjectUids("web_1")
            .projectUids("prj_1", "prj_2")
            .reason("subpoena 2026-17")
            .requestedByKeyId("key_legal")
            .requestId("req_42")
            .createdAt(T0)
            .updatedAt(T0.plusMillis(90_123))
            .startedAt(T0.plusMillis(5_007))
            .finishedAt(T0.plusMillis(90_123))
            .archive(
                new ArchiveRef(
                    "exports/ent_acme/exp_full.zip",
                    5_000_000_000L,
                    "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
                    T0.plus(Duration.ofDays(30))))
            .errorMessage("disk full")
            .build();
    assertThat(job).hasNoNullFieldsOrProperties();
    assertThat(job.filters()).hasNoNullFieldsOrProperties();

    store.insert(job);

    assertThat(store.find(job.uid())).contains(job);
  }

  @Test
  void aNewJobWithoutOptionalFieldsReadsBackUnchanged() {
    ExportJob job = aPendingJob().reason(null).build();

    store.insert(job);

    assertThat(store.find(job.uid())).contains(job);
  }

  @Test
  void anUnknownUidFindsNothing() {
    store.insert(aPendingJob().build());

    assertThat(store.find("exp_unknown")).isEmpty();
  }

  // --- lifecycle ---

  @Test
  void aPendingJobGoesThroughProcessingToCompleted() {
    ExportJob job = aPendingJob().build();
    store.insert(job);
    Instant started = T0.plusSeconds(10);
    Instant finished = T0.plusSeconds(70);
    ArchiveRef archive = anArchive(job, finished);

    ExportJob processing = store.markProcessing(job.uid(), started);

    ExportJob expectedProcessing =
        sameJobAs(job)
            .status(EXPORT_STATUS_PROCESSING)
            .updatedAt(started)
            .startedAt(started)
            .build();
    assertThat(processing).isEqualTo(expectedProcessing);
    assertThat(store.find(job.uid())).contains(expectedProcessing);

    ExportJob completed = store.markCompleted(job.uid(), archive, finished);

    ExportJob expectedCompleted =
        sameJobAs(job)
            .status(EXPORT_STATUS_COMPLETED)
            .updatedAt(finished)
            .startedAt(started)
            .finishedAt(finished)
            .archive(archive)
            .build();
    assertThat(completed).isEqualTo(expectedCompleted);
    assertThat(store.find(job.uid())).contains(expectedCompleted);
  }

  @Test
  void aProcessingJobCanFailWithItsErrorMessage() {
    ExportJob job = aPendingJob().build();
    store.insert(job);
    Instant started = T0.plusSeconds(10);
    Instant failed = T0.plusSeconds(20);
    store.markProcessing(job.uid(), started);

    ExportJob result = store.markFailed(job.uid(), "source database unreachable", failed);

    assertThat(result)
        .isEqualTo(
            sameJobAs(job)
                .status(EXPORT_STATUS_FAILED)
                .updatedAt(failed)
                .startedAt(started)
                .finishedAt(failed)
                .errorMessage("source database unreachable")
                .build());
  }

  @Test
  void aPendingJobCanBeCancelledBeforeItStarts() {
    ExportJob job = aPendingJob().build();
    store.insert(job);
    Instant cancelled = T0.plusSeconds(5);

    ExportJob result = store.markCancelled(job.uid(), cancelled);

    assertThat(result)
        .isEqualTo(
            sameJobAs(job)
                .status(EXPORT_STATUS_CANCELLED)
                .updatedAt(cancelled)
                .finishedAt(cancelled)
                .build());
    assertThat(store.find(job.uid())).contains(result);
  }

  @Test
  void aJobCannotGoToProcessingTwice() {
    ExportJob job = aPendingJob().build();
    store.insert(job);
    Instant firstStart = T0.plusSeconds(10);
    ExportJob processing = store.markProcessing(job.uid(), firstStart);

    assertThatThrownBy(() -> store.markProcessing(job.uid(), T0.plusSeconds(11)))
        .isExactlyInstanceOf(ExportStateConflictException.class)
        .hasMessageContaining(EXPORT_STATUS_PROCESSING.name())
        .satisfies(
            e -> {
              ExportStateConflictException conflict = (ExportStateConflictException) e;
              assertThat(conflict.uid()).isEqualTo(job.uid());
              assertThat(conflict.target()).isEqualTo(EXPORT_STATUS_PROCESSING);
            });
    assertThat(store.find(job.uid())).contains(processing);
  }

  @Test
  void aCompletedJobCannotBeCancelled() {
    ExportJob job = aPendingJob().build();
    store.insert(job);
    store.markProcessing(job.uid(), T0.plusSeconds(1));
    ExportJob completed = store.markCompleted(job.uid(), anArchive(job, T0), T0.plusSeconds(2));

    assertThatThrownBy(() -> store.markCancelled(job.uid(), T0.plusSeconds(3)))
        .isExactlyInstanceOf(ExportStateConflictException.class)
        .hasMessageContaining(EXPORT_STATUS_COMPLETED.name());
    assertThat(store.find(job.uid())).contains(completed);
  }

  @ParameterizedTest
  @EnumSource(
      value = ExportStatus.class,
      names = {"EXPORT_STATUS_COMPLETED", "EXPORT_STATUS_FAILED", "EXPORT_STATUS_CANCELLED"})
  void nothingLeavesATerminalState(ExportStatus terminal) {
    ExportJob job = aPendingJob().build();
    store.insert(job);
    store.markProcessing(job.uid(), T0.plusSeconds(1));
    ExportJob ended = endJob(job, terminal, T0.plusSeconds(2));
    assertThat(ended.status()).isEqualTo(terminal);
    Instant later = T0.plusSeconds(3);
    Map<String, Consumer<String>> transitions = new LinkedHashMap<>();
    transitions.put("markProcessing", uid -> store.markProcessing(uid, later));
    transitions.put("markCompleted", uid -> store.markCompleted(uid, anArchive(job, later), later));
    transitions.put("markFailed", uid -> store.markFailed(uid, "again", later));
    transitions.put("markCancelled", uid -> store.markCancelled(uid, later));

    List<Executable> checks = new ArrayList<>();
    transitions.forEach(
        (name, transition) ->
            checks.add(
                () ->
                    assertThatThrownBy(() -> transition.accept(job.uid()))
                        .as(name + " from " + terminal)
                        .isExactlyInstanceOf(ExportStateConflictException.class)));
    assertAll(checks);
    assertThat(store.find(job.uid())).contains(ended);
  }

  @Test
  void aStateChangeOfAMissingJobIsAConflict() {
    assertThatThrownBy(() -> store.markProcessing("exp_missing", T0))
        .isExactlyInstanceOf(ExportStateConflictException.class)
        .hasMessageContaining("missing");
  }

  // --- one export in flight per user ---

  @Test
  void aSecondExportOfTheSameUserCannotGoProcessingUntilTheFirstIsDone() {
    store.createIndexes();
    ExportJob first = aPendingJob().build();
    ExportJob second = aPendingJob().createdAt(T0.plusSeconds(1)).build();
    ExportJob sameUserInAnotherEnterprise = aPendingJob().forEnterprise(OTHER_ENTERPRISE).build();
    ExportJob anotherUser = aPendingJob().forUser(OTHER_USER).build();
    Stream.of(first, second, sameUserInAnotherEnterprise, anotherUser).forEach(store::insert);
    store.markProcessing(first.uid(), T0.plusSeconds(10));

    assertThatThrownBy(() -> store.markProcessing(second.uid(), T0.plusSeconds(11)))
        .isInstanceOf(UserExportInProgressException.class)
        .satisfies(
            e -> assertThat(((UserExportInProgressException) e).uid()).isEqualTo(second.uid()));
    assertThat(store.find(second.uid())).contains(second);
    assertThat(store.markProcessing(sameUserInAnotherEnterprise.uid(), T0.plusSeconds(12)).status())
        .isEqualTo(EXPORT_STATUS_PROCESSING);
    assertThat(store.markProcessing(anotherUser.uid(), T0.plusSeconds(12)).status())
        .isEqualTo(EXPORT_STATUS_PROCESSING);

    store.markCompleted(first.uid(), anArchive(first, T0), T0.plusSeconds(20));

    assertThat(store.markProcessing(second.uid(), T0.plusSeconds(21)).status())
        .isEqualTo(EXPORT_STATUS_PROCESSING);
  }

  @ParameterizedTest
  @EnumSource(
      value = ExportStatus.class,
      names = {"EXPORT_STATUS_COMPLETED", "EXPORT_STATUS_FAILED", "EXPORT_STATUS_CANCELLED"})
  void whicheverWayTheFirstExportEndsTheUsersNextExportCanGoProcessing(ExportStatus end) {
    store.createIndexes();
    ExportJob first = aPendingJob().build();
    ExportJob second = aPendingJob().build();
    Stream.of(first, second).forEach(store::insert);
    store.markProcessing(first.uid(), T0.plusSeconds(1));
    assertThatThrownBy(() -> store.markProcessing(second.uid(), T0.plusSeconds(2)))
        .isInstanceOf(UserExportInProgressException.class);

    endJob(first, end, T0.plusSeconds(3));

    assertThat(store.markProcessing(second.uid(), T0.plusSeconds(4)).status())
        .isEqualTo(EXPORT_STATUS_PROCESSING);
  }

  @Test
  void creatingTheIndexesAgainChangesNothing() {
    store.createIndexes();
    ExportJob first = aPendingJob().build();
    ExportJob second = aPendingJob().build();
    Stream.of(first, second).forEach(store::insert);
    store.markProcessing(first.uid(), T0.plusSeconds(1));

    store.createIndexes();

    assertThatThrownBy(() -> store.markProcessing(second.uid(), T0.plusSeconds(2)))
        .isInstanceOf(UserExportInProgressException.class);
  }

  // --- heartbeat ---

  @Test
  void aHeartbeatKeepsAProcessingJobFromGoingStale() {
    ExportJob job = aPendingJob().build();
    store.insert(job);
    store.markProcessing(job.uid(), T0);
    Instant beat = T0.plus(Duration.ofMinutes(3));

    assertThat(store.heartbeat(job.uid(), beat)).isTrue();

    assertThat(store.findStale(EXPORT_STATUS_PROCESSING, beat, 10)).isEmpty();
    assertThat(store.findStale(EXPORT_STATUS_PROCESSING, beat.plusMillis(1), 10))
        .extracting(ExportJob::uid)
        .containsExactly(job.uid());
  }

  @ParameterizedTest
  @EnumSource(
      value = ExportStatus.class,
      names = {
        "EXPORT_STATUS_PENDING",
        "EXPORT_STATUS_COMPLETED",
        "EXPORT_STATUS_FAILED",
        "EXPORT_STATUS_CANCELLED"
      })
  void aHeartbeatReturnsFalseOnceTheJobIsNoLongerProcessing(ExportStatus status) {
    ExportJob job = aPendingJob().build();
    store.insert(job);
    if (status != EXPORT_STATUS_PENDING) {
      store.markProcessing(job.uid(), T0.plusSeconds(1));
      endJob(job, status, T0.plusSeconds(2));
    }
    ExportJob before = store.find(job.uid()).orElseThrow();
    assertThat(before.status()).isEqualTo(status);

    assertThat(store.heartbeat(job.uid(), T0.plusSeconds(3))).isFalse();
    assertThat(store.find(job.uid())).contains(before);
  }

  @Test
  void aHeartbeatForAnUnknownJobReturnsFalse() {
    assertThat(store.heartbeat("exp_missing", T0)).isFalse();
  }

  // --- listing ---

  @Test
  void aUsersExportsAreListedNewestFirstAndOnlyTheirs() {
    List<ExportJob> mine =
        Stream.of(3, 1, 5, 2, 4)
            .map(hours -> aPendingJob().createdAt(T0.plus(Duration.ofHours(hours))).build())
            .toList();
    mine.forEach(store::insert);
    store.insert(aPendingJob().forUser(OTHER_USER).createdAt(T0.plus(Duration.ofHours(6))).build());
    store.insert(
        aPendingJob()
            .forEnterprise(OTHER_ENTERPRISE)
            .createdAt(T0.plus(Duration.ofHours(7)))
            .build());

    List<ExportJob> listed =
        store.listForUser(new ExportListQuery(ENTERPRISE, USER, null, null, 10));

    assertThat(listed).containsExactlyElementsOf(mine.stream().sorted(NEWEST_FIRST).toList());
  }

  @Test
  void theListCanBeLimitedToOneStatus() {
    ExportJob pending = aPendingJob().createdAt(T0.plusSeconds(1)).build();
    ExportJob olderCompleted =
        aPendingJob().status(EXPORT_STATUS_COMPLETED).createdAt(T0.plusSeconds(2)).build();
    ExportJob failed =
        aPendingJob().status(EXPORT_STATUS_FAILED).createdAt(T0.plusSeconds(3)).build();
    ExportJob newerCompleted =
        aPendingJob().status(EXPORT_STATUS_COMPLETED).createdAt(T0.plusSeconds(4)).build();
    ExportJob othersCompleted =
        aPendingJob().forUser(OTHER_USER).status(EXPORT_STATUS_COMPLETED).build();
    Stream.of(pending, olderCompleted, failed, newerCompleted, othersCompleted)
        .forEach(store::insert);

    assertThat(
            store.listForUser(
                new ExportListQuery(ENTERPRISE, USER, EXPORT_STATUS_COMPLETED, null, 10)))
        .containsExactly(newerCompleted, olderCompleted);
    assertThat(
            store.listForUser(
                new ExportListQuery(ENTERPRISE, USER, EXPORT_STATUS_PENDING, null, 10)))
        .containsExactly(pending);
    assertThat(
            store.listForUser(
                new ExportListQuery(ENTERPRISE, USER, EXPORT_STATUS_PROCESSING, null, 10)))
        .isEmpty();
  }

  @Test
  void theNextPageContinuesAfterTheCursorEvenWhenNewerExportsAppearedMeanwhile() {
    List<ExportJob> existing =
        Stream.of(1, 2, 3, 4, 5)
            .map(hours -> aPendingJob().createdAt(T0.plus(Duration.ofHours(hours))).build())
            .toList();
    existing.forEach(store::insert);
    List<ExportJob> expectedOrder = existing.stream().sorted(NEWEST_FIRST).toList();

    List<ExportJob> page1 = store.listForUser(new ExportListQuery(ENTERPRISE, USER, null, null, 3));
    assertThat(page1).containsExactlyElementsOf(expectedOrder.subList(0, 3));

    List<ExportJob> newer =
        Stream.of(6, 7)
            .map(hours -> aPendingJob().createdAt(T0.plus(Duration.ofHours(hours))).build())
            .toList();
    newer.forEach(store::insert);
    ExportJob last = page1.get(page1.size() - 1);

    List<ExportJob> page2 =
        store.listForUser(
            new ExportListQuery(
                ENTERPRISE, USER, null, new ExportCursor(last.createdAt(), last.uid()), 3));

    assertThat(page2)
        .containsExactlyElementsOf(expectedOrder.subList(3, 5))
        .doesNotContainAnyElementsOf(page1)
        .doesNotContainAnyElementsOf(newer);
  }

  @Test
  void exportsCreatedAtTheSameInstantArePagedByUidWithoutGapsOrRepeats() {
    Instant sameInstant = T0.plus(Duration.ofHours(1));
    List<ExportJob> jobs =
        Stream.of(
                aPendingJob().uid("exp_tie_c").createdAt(sameInstant),
                aPendingJob().uid("exp_tie_a").createdAt(sameInstant),
                aPendingJob().uid("exp_tie_d").createdAt(sameInstant),
                aPendingJob().uid("exp_tie_b").createdAt(sameInstant),
                aPendingJob().uid("exp_newest").createdAt(sameInstant.plusMillis(1)),
                aPendingJob().uid("exp_oldest").createdAt(sameInstant.minusMillis(1)))
            .map(b -> b.build())
            .toList();
    jobs.forEach(store::insert);

    List<ExportJob> paged = new ArrayList<>();
    ExportCursor after = null;
    for (int pages = 0; pages < jobs.size() + 1; pages++) {
      List<ExportJob> page =
          store.listForUser(new ExportListQuery(ENTERPRISE, USER, null, after, 2));
      if (page.isEmpty()) {
        break;
      }
      assertThat(page).hasSizeLessThanOrEqualTo(2);
      paged.addAll(page);
      ExportJob last = page.get(page.size() - 1);
      after = new ExportCursor(last.createdAt(), last.uid());
    }

    assertThat(paged).containsExactlyElementsOf(jobs.stream().sorted(NEWEST_FIRST).toList());
  }

  // --- stale jobs ---

  @Test
  void processingJobsWhoseHeartbeatIsOlderThanTheGivenInstantAreStale() {
    ExportJob startedLater = aPendingJob().build();
    ExportJob startedEarlier = aPendingJob().build();
    ExportJob keptAlive = aPendingJob().build();
    ExportJob neverStarted = aPendingJob().build();
    ExportJob finished = aPendingJob().build();
    Stream.of(startedLater, startedEarlier, keptAlive, neverStarted, finished)
        .forEach(store::insert);
    store.markProcessing(startedLater.uid(), T0.plus(Duration.ofMinutes(2)));
    store.markProcessing(startedEarlier.uid(), T0.plus(Duration.ofMinutes(1)));
    store.markProcessing(keptAlive.uid(), T0);
    store.heartbeat(keptAlive.uid(), T0.plus(Duration.ofMinutes(10)));
    store.markProcessing(finished.uid(), T0);
    store.markCompleted(finished.uid(), anArchive(finished, T0), T0.plus(Duration.ofMinutes(1)));
    Instant cutoff = T0.plus(Duration.ofMinutes(5));

    assertThat(store.findStale(EXPORT_STATUS_PROCESSING, cutoff, 10))
        .extracting(ExportJob::uid)
        .containsExactly(startedEarlier.uid(), startedLater.uid());
    assertThat(store.findStale(EXPORT_STATUS_PROCESSING, cutoff, 1))
        .extracting(ExportJob::uid)
        .containsExactly(startedEarlier.uid());
    assertThat(store.findStale(EXPORT_STATUS_PROCESSING, T0.plus(Duration.ofMinutes(1)), 10))
        .as("a heartbeat exactly at the cut-off is not stale")
        .isEmpty();
  }

  @Test
  void pendingJobsNotUpdatedSinceTheGivenInstantAreStale() {
    ExportJob old = aPendingJob().createdAt(T0).build();
    ExportJob recent = aPendingJob().createdAt(T0.plus(Duration.ofMinutes(30))).build();
    ExportJob oldButStarted = aPendingJob().createdAt(T0).build();
    Stream.of(recent, old, oldButStarted).forEach(store::insert);
    store.markProcessing(oldButStarted.uid(), T0.plus(Duration.ofMinutes(1)));

    assertThat(store.findStale(EXPORT_STATUS_PENDING, T0.plus(Duration.ofMinutes(10)), 10))
        .containsExactly(old);
  }

  // --- helpers ---

  /** A builder of the job as inserted, to state what a transition should have made of it. */
  private static io.dataexport.export.ExportJobs.Builder sameJobAs(ExportJob job) {
    return aPendingJob()
        .uid(job.uid())
        .forEnterprise(job.enterpriseUid())
        .forUser(job.userId())
        .reason(job.reason())
        .requestedByKeyId(job.requestedByKeyId())
        .requestId(job.requestId())
        .createdAt(job.createdAt());
  }

  private ExportJob endJob(ExportJob job, ExportStatus end, Instant at) {
    return switch (end) {
      case EXPORT_STATUS_COMPLETED -> store.markCompleted(job.uid(), anArchive(job, at), at);
      case EXPORT_STATUS_FAILED -> store.markFailed(job.uid(), "boom", at);
      case EXPORT_STATUS_CANCELLED -> store.markCancelled(job.uid(), at);
      default -> throw new IllegalArgumentException(end + " is not an end state");
    };
  }

  private static ArchiveRef anArchive(ExportJob job, Instant at) {
    return new ArchiveRef(
        "exports/" + job.enterpriseUid() + "/" + job.uid() + ".zip",
        1234L,
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        at.plus(Duration.ofDays(30)));
  }
}
