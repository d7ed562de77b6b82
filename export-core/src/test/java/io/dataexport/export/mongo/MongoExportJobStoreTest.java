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

import com.mongodb.client.MongoDatabase;
import io.dataexport.api.v1.EnterpriseExportScope;
import io.dataexport.api.v1.ExportStatus;
import io.dataexport.event.JobOperation;
import io.dataexport.export.CreateRefusedException;
import io.dataexport.export.ExportJob;
import io.dataexport.export.ExportJob.ArchiveRef;
import io.dataexport.export.ExportJob.FailedAttempt;
import io.dataexport.export.ExportJob.Failure;
import io.dataexport.export.ExportJob.Lease;
import io.dataexport.export.ExportJob.Progress;
import io.dataexport.export.ExportJobStore.Claim;
import io.dataexport.export.ExportJobStore.CreateOptions;
import io.dataexport.export.ExportJobStore.Created;
import io.dataexport.export.ExportJobStore.ExportCursor;
import io.dataexport.export.ExportJobStore.ExportListQuery;
import io.dataexport.export.ExportJobStore.JobOwner;
import io.dataexport.export.ExportJobs;
import io.dataexport.export.ExportStateConflictException;
import io.dataexport.export.ExportSubject;
import io.dataexport.export.JobEvents;
import io.dataexport.export.JobKind;
import io.dataexport.mongo.InMemoryMongo;
import io.dataexport.outbox.OutboxEntry;
import io.dataexport.outbox.OutboxMessage;
import io.dataexport.outbox.OutboxTopic;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class MongoExportJobStoreTest {

  private static final String OTHER_ENTERPRISE = "ent_globex";
  private static final String OTHER_USER = "usr_grace";
  private static final String SOURCE = "/dataexport/test";
  private static final String WORKER = "worker-a";
  private static final String OTHER_WORKER = "worker-b";
  private static final Duration LEASE = Duration.ofMinutes(2);
  private static final int CAP = 5;
  private static final CreateOptions NO_KEY = new CreateOptions(null, CAP);
  private static final String REQUESTED = "ExportRequested";
  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** Newest first, ties broken by uid: the order the store promises. */
  private static final Comparator<ExportJob> NEWEST_FIRST =
      Comparator.comparing(ExportJob::createdAt).thenComparing(ExportJob::uid).reversed();

  @RegisterExtension static final InMemoryMongo mongo = new InMemoryMongo();

  private MongoDatabase database;
  private MongoExportJobStore store;

  /** What the store told its outbox listener, in order. */
  private final List<OutboxEntry> told = new ArrayList<>();

  @BeforeEach
  void newStore() {
    database = mongo.freshDatabase();
    store = new MongoExportJobStore(database, new JobEvents(SOURCE), told::add);
    store.createIndexes();
  }

  // --- workspace exports ---

  @Test
  void aWorkspaceExportIsOnePerEnterpriseAndRunsBesideItsUsersExports() throws Exception {
    ExportJob first = aPendingJob().workspace().createdAt(T0).build();
    ExportJob second =
        aPendingJob().workspace().reason("again").createdAt(T0.plusSeconds(1)).build();
    ExportJob users = aPendingJob().createdAt(T0).build();

    List<Created> created = new ArrayList<>();
    var pool = java.util.concurrent.Executors.newFixedThreadPool(2);
    try {
      var a = pool.submit(() -> store.create(first, new CreateOptions(null, 1)));
      var b = pool.submit(() -> store.create(second, new CreateOptions(null, 1)));
      created.add(a.get());
      created.add(b.get());
    } finally {
      pool.shutdownNow();
    }
    store.create(users, NO_KEY);

    assertThat(created).filteredOn(Created::created).hasSize(1);
    assertThat(created).filteredOn(Created::deduped).hasSize(1);
    String workspaceUid = created.stream().filter(Created::created).findFirst().get().job().uid();
    assertThat(created).allMatch(c -> c.job().uid().equals(workspaceUid));
    Claim workspace =
        store.claimNext(ExportSubject.workspace(ENTERPRISE), WORKER, T0.plus(LEASE), T0);
    Claim user =
        store.claimNext(ExportSubject.user(ENTERPRISE, USER), OTHER_WORKER, T0.plus(LEASE), T0);
    assertThat(workspace).isInstanceOf(Claim.Claimed.class);
    assertThat(((Claim.Claimed) workspace).job().uid()).isEqualTo(workspaceUid);
    assertThat(((Claim.Claimed) user).job().uid()).isEqualTo(users.uid());
    assertThat(store.claimNext(ExportSubject.workspace(OTHER_ENTERPRISE), WORKER, T0, T0))
        .isEqualTo(new Claim.NothingPending());
    assertThat(told.get(0).messages())
        .anySatisfy(m -> assertThat(m.key()).isEqualTo(ENTERPRISE + "#workspace"));
  }

  @Test
  void workspaceAndUserExportsAreListedApartAndTheHistoryHoldsBoth() {
    ExportJob workspace = aPendingJob().workspace().createdAt(T0).build();
    ExportJob users = aPendingJob().createdAt(T0.plusSeconds(1)).build();
    ExportJob theirs = aPendingJob().workspace().forEnterprise(OTHER_ENTERPRISE).build();
    for (ExportJob job : List.of(workspace, users, theirs)) {
      store.create(job, NO_KEY);
    }

    assertThat(store.list(new ExportListQuery(ExportSubject.workspace(ENTERPRISE), null, null, 10)))
        .containsExactly(workspace);
    assertThat(
            store.list(new ExportListQuery(ExportSubject.user(ENTERPRISE, USER), null, null, 10)))
        .containsExactly(users);
    List<ExportJob> history = new ArrayList<>();
    store.forEachOfEnterprise(ENTERPRISE, history::add);
    assertThat(history).containsExactly(workspace, users);
    assertThat(store.find(workspace.uid()).orElseThrow().kind()).isEqualTo(JobKind.WORKSPACE);
  }

  // --- round trip ---

  @Test
  void aJobReadsBackWithEveryFieldItWasStoredWith() {
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
                    "exports/ent_acme/exp_full-2.zip",
                    5_000_000_000L,
                    "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
                    T0.plus(Duration.ofDays(30)),
                    T0.plus(Duration.ofDays(31))))
            .attempt(2)
            .lease(WORKER, T0.plusMillis(120_001))
            .progress(new Progress(3, 11, 4_000_000_000L, 6_000_000_000L))
            .failedAttempts(
                new FailedAttempt(1, OTHER_WORKER, T0.plusMillis(3_003), "lease lapsed"),
                new FailedAttempt(2, WORKER, T0.plusMillis(90_123), "disk full"))
            .failure("attempts_exhausted", "the export failed 2 attempts")
            .legalHold(true)
            .build();
    assertThat(job).hasNoNullFieldsOrProperties();
    assertThat(job.filters()).hasNoNullFieldsOrProperties();
    assertThat(job.archive()).hasNoNullFieldsOrProperties();

    StoredJobs.put(database, job);

    assertThat(store.find(job.uid())).contains(job);
  }

  @Test
  void aCreatedJobWithoutOptionalFieldsReadsBackUnchanged() {
    ExportJob job = aPendingJob().reason(null).build();

    Created created = store.create(job, NO_KEY);

    assertThat(created).isEqualTo(new Created(job, true, false));
    assertThat(store.find(job.uid())).contains(job);
  }

  @Test
  void anUnknownUidFindsNothing() {
    store.create(aPendingJob().build(), NO_KEY);

    assertThat(store.find("exp_unknown")).isEmpty();
  }

  // --- create ---

  @Test
  void aCreatedJobIsPendingWithItsCreationAuditAndItsRequestInTheOutbox() {
    ExportJob job = aPendingJob().requestedByKeyId("key_admin").reason("offboarding").build();

    store.create(job, NO_KEY);

    List<Announced> outbox = outbox(job.uid());
    assertThat(outbox).extracting(Announced::what).containsExactly("job.created", REQUESTED);
    assertAudit(outbox.get(0), job, JobOperation.CREATED, null);
    assertThat(outbox.get(0).data().path("actor_key_id").asString()).isEqualTo("key_admin");
    assertThat(outbox.get(0).data().path("reason").asString()).isEqualTo("offboarding");
    assertThat(outbox.get(0).data().path("outcome").asString()).isEqualTo("succeeded");
    assertRequested(outbox.get(1), job);
    assertThat(told).containsExactly(entry(job.uid(), outbox));
  }

  @ParameterizedTest
  @EnumSource(
      value = ExportStatus.class,
      names = {"EXPORT_STATUS_PENDING", "EXPORT_STATUS_PROCESSING"})
  void anIdenticalRequestWhileTheFirstIsActiveAnswersTheFirstJob(ExportStatus active) {
    ExportJob first = store.create(aPendingJob().sessionIds("ses_1").build(), NO_KEY).job();
    if (active == EXPORT_STATUS_PROCESSING) {
      claim(first, T0.plusSeconds(1));
    }
    ExportJob current = store.find(first.uid()).orElseThrow();
    Document before = document(first.uid());
    int toldBefore = told.size();
    // the reason and the request id explain a request, they do not make it another one
    ExportJob again =
        aPendingJob()
            .sessionIds("ses_1")
            .reason("asked twice")
            .createdAt(T0.plusSeconds(2))
            .build();

    Created answer = store.create(again, NO_KEY);

    assertThat(answer).isEqualTo(new Created(current, false, true));
    assertThat(store.find(again.uid())).isEmpty();
    assertThat(document(first.uid())).isEqualTo(before);
    assertThat(told).hasSize(toldBefore);
  }

  @ParameterizedTest
  @EnumSource(
      value = ExportStatus.class,
      names = {"EXPORT_STATUS_COMPLETED", "EXPORT_STATUS_FAILED", "EXPORT_STATUS_CANCELLED"})
  void anIdenticalRequestAfterTheFirstEndedCreatesANewJob(ExportStatus end) {
    ExportJob first = store.create(aPendingJob().build(), NO_KEY).job();
    endJob(claim(first, T0.plusSeconds(1)), end, T0.plusSeconds(2));
    ExportJob again = aPendingJob().createdAt(T0.plusSeconds(3)).build();

    Created answer = store.create(again, NO_KEY);

    assertThat(answer).isEqualTo(new Created(again, true, false));
    assertThat(store.find(again.uid())).contains(again);
  }

  @Test
  void aRequestDifferingInAFilterOrTheUserIsAnotherRequest() {
    ExportJob first = store.create(aPendingJob().sessionIds("ses_1").build(), NO_KEY).job();
    List<ExportJob> others =
        List.of(
            aPendingJob().sessionIds("ses_1", "ses_2").build(),
            aPendingJob().sessionIds("ses_1").includeFiles(false).build(),
            aPendingJob().sessionIds("ses_1").between(T0.minusSeconds(60), T0).build(),
            aPendingJob().sessionIds("ses_1").forUser(OTHER_USER).build(),
            aPendingJob().sessionIds("ses_1").forEnterprise(OTHER_ENTERPRISE).build());

    List<Created> answers = others.stream().map(job -> store.create(job, NO_KEY)).toList();

    assertThat(answers).allSatisfy(answer -> assertThat(answer.created()).isTrue());
    assertThat(answers).extracting(a -> a.job().uid()).doesNotContain(first.uid());
  }

  @Test
  void replayingAnIdempotencyKeyAnswersTheJobItCreatedEvenAfterItEnded() {
    CreateOptions keyed = new CreateOptions("idem-1", CAP);
    ExportJob first = store.create(aPendingJob().build(), keyed).job();
    ExportJob pendingReplay = aPendingJob().build();

    assertThat(store.create(pendingReplay, keyed)).isEqualTo(new Created(first, false, false));

    ExportJob completed =
        endJob(claim(first, T0.plusSeconds(1)), EXPORT_STATUS_COMPLETED, T0.plusSeconds(2));
    ExportJob laterReplay = aPendingJob().createdAt(T0.plusSeconds(5)).build();

    assertThat(store.create(laterReplay, keyed)).isEqualTo(new Created(completed, false, false));
    assertThat(store.find(pendingReplay.uid())).isEmpty();
    assertThat(store.find(laterReplay.uid())).isEmpty();
  }

  @Test
  void anIdempotencyKeyUsedForADifferentRequestIsRefused() {
    CreateOptions keyed = new CreateOptions("idem-1", CAP);
    ExportJob first = store.create(aPendingJob().sessionIds("ses_1").build(), keyed).job();
    ExportJob different = aPendingJob().sessionIds("ses_2").build();
    int toldBefore = told.size();

    assertThatThrownBy(() -> store.create(different, keyed))
        .isInstanceOfSatisfying(
            CreateRefusedException.class,
            e -> {
              assertThat(e.reason())
                  .isEqualTo(CreateRefusedException.Reason.IDEMPOTENCY_KEY_REUSED);
              assertThat(e.getMessage()).contains(first.uid());
            });
    assertThat(store.find(different.uid())).isEmpty();
    assertThat(told).hasSize(toldBefore);
  }

  @Test
  void idempotencyKeysArePerEnterprise() {
    CreateOptions keyed = new CreateOptions("idem-1", CAP);
    ExportJob acme = store.create(aPendingJob().build(), keyed).job();
    ExportJob globex = aPendingJob().forEnterprise(OTHER_ENTERPRISE).build();

    Created answer = store.create(globex, keyed);

    assertThat(answer).isEqualTo(new Created(globex, true, false));
    assertThat(store.create(aPendingJob().build(), keyed).job()).isEqualTo(acme);
  }

  @Test
  void aUsersExportBeyondTheCapOfActiveExportsIsRefused() {
    List<ExportJob> five =
        IntStream.range(0, CAP)
            .mapToObj(i -> store.create(aPendingJob().sessionIds("ses_" + i).build(), NO_KEY))
            .peek(answer -> assertThat(answer.created()).isTrue())
            .map(Created::job)
            .toList();
    claim(five.get(0), T0.plusSeconds(1)); // a PROCESSING export still counts
    ExportJob sixth = aPendingJob().sessionIds("ses_6").build();
    int toldBefore = told.size();

    assertThatThrownBy(() -> store.create(sixth, NO_KEY))
        .isInstanceOfSatisfying(
            CreateRefusedException.class,
            e -> assertThat(e.reason()).isEqualTo(CreateRefusedException.Reason.TOO_MANY_QUEUED));
    assertThat(store.find(sixth.uid())).isEmpty();
    assertThat(told).hasSize(toldBefore);
    assertThat(store.create(aPendingJob().forUser(OTHER_USER).build(), NO_KEY).created())
        .as("another user")
        .isTrue();
    assertThat(
            store.create(aPendingJob().forEnterprise(OTHER_ENTERPRISE).build(), NO_KEY).created())
        .as("the same user id in another enterprise")
        .isTrue();
  }

  @Test
  void anIdenticalRequestIsAnsweredEvenWhenTheUserIsAtTheCap() {
    List<ExportJob> five =
        IntStream.range(0, CAP)
            .mapToObj(i -> store.create(aPendingJob().sessionIds("ses_" + i).build(), NO_KEY).job())
            .toList();

    Created answer = store.create(aPendingJob().sessionIds("ses_3").build(), NO_KEY);

    assertThat(answer).isEqualTo(new Created(five.get(3), false, true));
  }

  @ParameterizedTest
  @EnumSource(
      value = ExportStatus.class,
      names = {"EXPORT_STATUS_COMPLETED", "EXPORT_STATUS_FAILED", "EXPORT_STATUS_CANCELLED"})
  void aUserHasRoomAgainOnceOneOfTheirExportsEnds(ExportStatus end) {
    List<ExportJob> five =
        IntStream.range(0, CAP)
            .mapToObj(i -> store.create(aPendingJob().sessionIds("ses_" + i).build(), NO_KEY).job())
            .toList();
    assertThatThrownBy(() -> store.create(aPendingJob().sessionIds("ses_6").build(), NO_KEY))
        .isInstanceOf(CreateRefusedException.class);

    endJob(claim(five.get(0), T0.plusSeconds(1)), end, T0.plusSeconds(2));

    ExportJob sixth = aPendingJob().sessionIds("ses_6").build();
    assertThat(store.create(sixth, NO_KEY)).isEqualTo(new Created(sixth, true, false));
    assertThatThrownBy(() -> store.create(aPendingJob().sessionIds("ses_7").build(), NO_KEY))
        .isInstanceOf(CreateRefusedException.class);
  }

  // --- claim ---

  @Test
  void aClaimTakesTheUsersOldestPendingExport() {
    ExportJob middle = created(aPendingJob().sessionIds("b").createdAt(T0.plusSeconds(2)));
    ExportJob oldest = created(aPendingJob().sessionIds("a").createdAt(T0.plusSeconds(1)));
    created(aPendingJob().sessionIds("c").createdAt(T0.plusSeconds(3)));
    Instant now = T0.plusSeconds(10);
    int mark = outbox(oldest.uid()).size();

    Claim claim =
        store.claimNext(ExportSubject.user(ENTERPRISE, USER), WORKER, now.plus(LEASE), now);

    ExportJob expected =
        sameJobAs(oldest)
            .status(EXPORT_STATUS_PROCESSING)
            .updatedAt(now)
            .startedAt(now)
            .attempt(1)
            .lease(WORKER, now.plus(LEASE))
            .progress(Progress.NONE)
            .build();
    assertThat(claim).isEqualTo(new Claim.Claimed(expected));
    assertThat(store.find(oldest.uid())).contains(expected);
    assertThat(store.find(middle.uid()).orElseThrow().status()).isEqualTo(EXPORT_STATUS_PENDING);
    List<Announced> announced = announcedSince(oldest.uid(), mark);
    assertThat(announced).extracting(Announced::what).containsExactly("job.started");
    assertAudit(announced.get(0), oldest, JobOperation.STARTED, 1);
    assertToldWholeOutbox(oldest.uid(), announced);
  }

  @Test
  void whileOneOfTheUsersExportsRunsAClaimFindsTheUserBusy() {
    ExportJob first = created(aPendingJob().sessionIds("a"));
    ExportJob second = created(aPendingJob().sessionIds("b").createdAt(T0.plusSeconds(1)));
    ExportJob otherUsers = created(aPendingJob().forUser(OTHER_USER));
    ExportJob otherEnterprises = created(aPendingJob().forEnterprise(OTHER_ENTERPRISE));
    claim(first, T0.plusSeconds(10));
    Document secondBefore = document(second.uid());

    Claim busy =
        store.claimNext(
            ExportSubject.user(ENTERPRISE, USER), OTHER_WORKER, T0.plus(LEASE), T0.plusSeconds(11));

    assertThat(busy).isEqualTo(new Claim.UserBusy(first.uid()));
    assertThat(document(second.uid())).isEqualTo(secondBefore);
    assertThat(claim(otherUsers, T0.plusSeconds(12)).status()).isEqualTo(EXPORT_STATUS_PROCESSING);
    assertThat(claim(otherEnterprises, T0.plusSeconds(12)).status())
        .isEqualTo(EXPORT_STATUS_PROCESSING);
  }

  @Test
  void aClaimFindsNothingPendingWhenTheUserHasNoPendingExport() {
    assertThat(store.claimNext(ExportSubject.user(ENTERPRISE, USER), WORKER, T0.plus(LEASE), T0))
        .isEqualTo(new Claim.NothingPending());

    ExportJob job = created(aPendingJob());
    claim(job, T0.plusSeconds(1));

    assertThat(
            store.claimNext(
                ExportSubject.user(ENTERPRISE, USER),
                OTHER_WORKER,
                T0.plus(LEASE),
                T0.plusSeconds(2)))
        .as("the only export runs already")
        .isEqualTo(new Claim.NothingPending());
    store.cancel(job.uid(), "key_admin", "no longer needed", T0.plusSeconds(3));
    assertThat(
            store.claimNext(
                ExportSubject.user(ENTERPRISE, USER),
                OTHER_WORKER,
                T0.plus(LEASE),
                T0.plusSeconds(4)))
        .isEqualTo(new Claim.NothingPending());
  }

  @ParameterizedTest
  @EnumSource(
      value = ExportStatus.class,
      names = {"EXPORT_STATUS_COMPLETED", "EXPORT_STATUS_FAILED", "EXPORT_STATUS_CANCELLED"})
  void whicheverWayTheRunningExportEndsTheUsersNextExportCanBeClaimed(ExportStatus end) {
    ExportJob first = created(aPendingJob().sessionIds("a"));
    ExportJob second = created(aPendingJob().sessionIds("b").createdAt(T0.plusSeconds(1)));
    ExportJob running = claim(first, T0.plusSeconds(2));

    endJob(running, end, T0.plusSeconds(3));

    assertThat(claim(second, T0.plusSeconds(4)).status()).isEqualTo(EXPORT_STATUS_PROCESSING);
  }

  // --- lease ---

  @Test
  void theOwnerRenewsItsLeaseAndRecordsItsProgress() {
    ExportJob running = claim(created(aPendingJob()), T0.plusSeconds(1));
    Instant now = T0.plusSeconds(60);
    Progress progress = new Progress(2, 9, 1_500, 3_000_000);
    int mark = outbox(running.uid()).size();

    boolean renewed = store.renewLease(JobOwner.of(running), now.plus(LEASE), progress, now);

    assertThat(renewed).isTrue();
    ExportJob after = store.find(running.uid()).orElseThrow();
    assertThat(after.lease()).isEqualTo(new Lease(WORKER, now.plus(LEASE)));
    assertThat(after.progress()).isEqualTo(progress);
    assertThat(after.status()).isEqualTo(EXPORT_STATUS_PROCESSING);
    assertThat(announcedSince(running.uid(), mark)).as("a renewal is no audited change").isEmpty();
  }

  @ParameterizedTest
  @EnumSource(Staleness.class)
  void aStaleOwnerCannotRenewTheLease(Staleness staleness) {
    ExportJob stale = staleOwner(staleness);
    Document before = document(stale.uid());

    boolean renewed =
        store.renewLease(
            JobOwner.of(stale), T0.plus(Duration.ofHours(1)), new Progress(1, 1, 1, 1), T0);

    assertThat(renewed).isFalse();
    assertThat(document(stale.uid())).isEqualTo(before);
  }

  @Test
  void aCancelledJobsLeaseCannotBeRenewed() {
    ExportJob running = claim(created(aPendingJob()), T0.plusSeconds(1));
    store.cancel(running.uid(), "key_admin", "wrong user", T0.plusSeconds(2));

    assertThat(
            store.renewLease(
                JobOwner.of(running), T0.plus(LEASE), Progress.NONE, T0.plusSeconds(3)))
        .isFalse();
  }

  @Test
  void renewingTheLeaseOfAnUnknownJobReturnsFalse() {
    assertThat(store.renewLease(new JobOwner("exp_missing", WORKER, 1), T0, Progress.NONE, T0))
        .isFalse();
  }

  // --- the owner's changes ---

  @Test
  void theOwnerCompletesItsJobWithItsArchive() {
    ExportJob pending = created(aPendingJob());
    Instant started = T0.plusSeconds(10);
    Instant finished = T0.plusSeconds(70);
    ExportJob running = claim(pending, started);
    ArchiveRef archive = anArchive(running, finished);
    int mark = outbox(pending.uid()).size();

    ExportJob completed = store.complete(running, archive, finished);

    ExportJob expected =
        sameJobAs(pending)
            .status(EXPORT_STATUS_COMPLETED)
            .updatedAt(finished)
            .startedAt(started)
            .finishedAt(finished)
            .archive(archive)
            .attempt(1)
            .progress(Progress.NONE)
            .build();
    assertThat(completed).isEqualTo(expected);
    assertThat(store.find(pending.uid())).contains(expected);
    List<Announced> announced = announcedSince(pending.uid(), mark);
    assertThat(announced).extracting(Announced::what).containsExactly("job.completed");
    assertAudit(announced.get(0), pending, JobOperation.COMPLETED, 1);
    assertThat(announced.get(0).data().path("archive_sha256").asString())
        .isEqualTo(archive.sha256());
    assertThat(announced.get(0).data().path("archive_size_bytes").asLong())
        .isEqualTo(archive.sizeBytes());
    assertToldWholeOutbox(pending.uid(), announced);
  }

  @Test
  void theOwnerFailsItsJobWithACodeAndAMessage() {
    ExportJob pending = created(aPendingJob());
    ExportJob running = claim(pending, T0.plusSeconds(10));
    Instant failedAt = T0.plusSeconds(20);
    int mark = outbox(pending.uid()).size();

    ExportJob failed =
        store.fail(running, new Failure("source_unavailable", "tasks database refused"), failedAt);

    ExportJob expected =
        sameJobAs(pending)
            .status(EXPORT_STATUS_FAILED)
            .updatedAt(failedAt)
            .startedAt(T0.plusSeconds(10))
            .finishedAt(failedAt)
            .attempt(1)
            .progress(Progress.NONE)
            .failure("source_unavailable", "tasks database refused")
            .build();
    assertThat(failed).isEqualTo(expected);
    assertThat(store.find(pending.uid())).contains(expected);
    List<Announced> announced = announcedSince(pending.uid(), mark);
    assertThat(announced).extracting(Announced::what).containsExactly("job.failed");
    assertAudit(announced.get(0), pending, JobOperation.FAILED, 1);
    assertThat(announced.get(0).data().path("outcome").asString()).isEqualTo("failed");
    assertThat(announced.get(0).data().path("error_code").asString())
        .isEqualTo("source_unavailable");
  }

  @ParameterizedTest
  @EnumSource(Staleness.class)
  void aStaleOwnerCanNeitherCompleteNorFailNorHandBackTheJob(Staleness staleness) {
    ExportJob stale = staleOwner(staleness);
    Document before = document(stale.uid());
    int toldBefore = told.size();
    Instant now = T0.plusSeconds(30);
    Map<String, Executable> changes = new LinkedHashMap<>();
    changes.put("complete", () -> store.complete(stale, anArchive(stale, now), now));
    changes.put("fail", () -> store.fail(stale, new Failure("boom", "boom"), now));
    changes.put("retryLater", () -> store.retryLater(stale, "timeout", now));
    changes.put("release", () -> store.release(stale, now));

    assertAll(conflicts(changes, "by a " + staleness + " owner"));
    assertThat(document(stale.uid())).isEqualTo(before);
    assertThat(told).hasSize(toldBefore);
  }

  @Test
  void aRetriedAttemptGoesBackToPendingWithTheFailedAttemptRecorded() {
    ExportJob pending = created(aPendingJob());
    ExportJob running = claim(pending, T0.plusSeconds(10));
    Instant retried = T0.plusSeconds(20);
    int mark = outbox(pending.uid()).size();

    ExportJob back = store.retryLater(running, "source timed out", retried);

    FailedAttempt failedAttempt = new FailedAttempt(1, WORKER, retried, "source timed out");
    ExportJob expected =
        sameJobAs(pending)
            .updatedAt(retried)
            .startedAt(T0.plusSeconds(10))
            .attempt(1)
            .progress(Progress.NONE)
            .failedAttempts(failedAttempt)
            .build();
    assertThat(back).isEqualTo(expected);
    assertThat(store.find(pending.uid())).contains(expected);
    List<Announced> announced = announcedSince(pending.uid(), mark);
    assertThat(announced).extracting(Announced::what).containsExactly("job.retried", REQUESTED);
    assertAudit(announced.get(0), pending, JobOperation.RETRIED, 1);
    assertThat(announced.get(0).data().path("reason").asString()).isEqualTo("source timed out");
    assertRequested(announced.get(1), pending);
    assertToldWholeOutbox(pending.uid(), announced);

    ExportJob again = claim(pending, T0.plusSeconds(30));

    assertThat(again.attempt()).isEqualTo(2);
    assertThat(again.failedAttempts()).containsExactly(failedAttempt);
    assertAudit(last(outbox(pending.uid())), pending, JobOperation.STARTED, 2);
  }

  @Test
  void aReleasedJobGoesBackToPendingWithoutAFailedAttempt() {
    ExportJob pending = created(aPendingJob());
    ExportJob running = claim(pending, T0.plusSeconds(10));
    Instant released = T0.plusSeconds(20);
    int mark = outbox(pending.uid()).size();

    ExportJob back = store.release(running, released);

    ExportJob expected =
        sameJobAs(pending)
            .updatedAt(released)
            .startedAt(T0.plusSeconds(10))
            .attempt(1)
            .progress(Progress.NONE)
            .build();
    assertThat(back).isEqualTo(expected);
    List<Announced> announced = announcedSince(pending.uid(), mark);
    assertThat(announced).extracting(Announced::what).containsExactly("job.released", REQUESTED);
    assertAudit(announced.get(0), pending, JobOperation.RELEASED, 1);
    assertRequested(announced.get(1), pending);
    assertThat(claim(pending, T0.plusSeconds(30)).failedAttempts()).isEmpty();
  }

  // --- lapsed leases ---

  @Test
  void jobsWhoseLeaseLapsedAreFoundOldestLapseFirst() {
    ExportJob lapsedLater = created(aPendingJob().forUser("usr_1"));
    ExportJob lapsedEarlier = created(aPendingJob().forUser("usr_2"));
    ExportJob renewed = created(aPendingJob().forUser("usr_3"));
    ExportJob notStarted = created(aPendingJob().forUser("usr_4"));
    claimFor(lapsedLater, T0.plusSeconds(20), T0.plusSeconds(2));
    claimFor(lapsedEarlier, T0.plusSeconds(10), T0.plusSeconds(1));
    ExportJob kept = claimFor(renewed, T0.plusSeconds(5), T0);
    store.renewLease(JobOwner.of(kept), T0.plusSeconds(90), Progress.NONE, T0.plusSeconds(4));
    Instant now = T0.plusSeconds(30);

    assertThat(store.findLapsedLeases(now, 10))
        .extracting(ExportJob::uid)
        .containsExactly(lapsedEarlier.uid(), lapsedLater.uid())
        .doesNotContain(notStarted.uid());
    assertThat(store.findLapsedLeases(now, 1))
        .extracting(ExportJob::uid)
        .containsExactly(lapsedEarlier.uid());
    assertThat(store.findLapsedLeases(T0.plusSeconds(10), 10))
        .as("a lease ending exactly now has not lapsed yet")
        .isEmpty();
  }

  @Test
  void aLapsedLeaseBelowTheMostAttemptsPutsTheJobBackToPending() {
    ExportJob pending = created(aPendingJob());
    claim(pending, T0.plusSeconds(1));
    Instant now = T0.plusSeconds(1).plus(LEASE).plusSeconds(1);
    ExportJob lapsed = store.findLapsedLeases(now, 10).get(0);
    int mark = outbox(pending.uid()).size();

    ExportJob back = store.expireLease(lapsed, 3, now);

    assertThat(back.status()).isEqualTo(EXPORT_STATUS_PENDING);
    assertThat(back.lease()).isNull();
    assertThat(back.updatedAt()).isEqualTo(now);
    assertThat(back.failedAttempts())
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.attempt()).isEqualTo(1);
              assertThat(a.workerId()).isEqualTo(WORKER);
              assertThat(a.at()).isEqualTo(now);
              assertThat(a.reason()).contains(WORKER);
            });
    List<Announced> announced = announcedSince(pending.uid(), mark);
    assertThat(announced).extracting(Announced::what).containsExactly("job.retried", REQUESTED);
    assertAudit(announced.get(0), pending, JobOperation.RETRIED, 1);
    assertRequested(announced.get(1), pending);
    assertToldWholeOutbox(pending.uid(), announced);
    assertThat(claim(pending, now.plusSeconds(1)).attempt()).isEqualTo(2);
  }

  @Test
  void aLapsedLeaseOfTheLastAttemptFailsTheJobWithEveryAttemptsReason() {
    ExportJob pending = created(aPendingJob());
    ExportJob first = claim(pending, T0.plusSeconds(1));
    store.retryLater(first, "source timed out", T0.plusSeconds(2));
    claim(pending, T0.plusSeconds(3));
    Instant now = T0.plusSeconds(3).plus(LEASE).plusSeconds(1);
    ExportJob lapsed = store.findLapsedLeases(now, 10).get(0);
    int mark = outbox(pending.uid()).size();

    ExportJob failed = store.expireLease(lapsed, 2, now);

    assertThat(failed.status()).isEqualTo(EXPORT_STATUS_FAILED);
    assertThat(failed.finishedAt()).isEqualTo(now);
    assertThat(failed.lease()).isNull();
    assertThat(failed.failure().code()).isEqualTo("attempts_exhausted");
    assertThat(failed.failure().message())
        .contains("source timed out")
        .contains(failed.failedAttempts().get(1).reason());
    assertThat(failed.failedAttempts()).extracting(FailedAttempt::attempt).containsExactly(1, 2);
    assertThat(store.find(pending.uid())).contains(failed);
    List<Announced> announced = announcedSince(pending.uid(), mark);
    assertThat(announced).extracting(Announced::what).containsExactly("job.failed");
    assertAudit(announced.get(0), pending, JobOperation.FAILED, 2);
    assertThat(announced.get(0).data().path("error_code").asString())
        .isEqualTo("attempts_exhausted");
    assertThat(store.create(aPendingJob().build(), NO_KEY).created())
        .as("the failed job no longer holds the user's request")
        .isTrue();
  }

  @Test
  void aLeaseRenewedAfterItWasFoundLapsedIsNotExpired() {
    ExportJob pending = created(aPendingJob());
    claim(pending, T0.plusSeconds(1));
    Instant now = T0.plusSeconds(1).plus(LEASE).plusSeconds(1);
    ExportJob lapsed = store.findLapsedLeases(now, 10).get(0);
    assertThat(store.renewLease(JobOwner.of(lapsed), now.plus(LEASE), Progress.NONE, now)).isTrue();
    Document renewed = document(pending.uid());

    assertThatThrownBy(() -> store.expireLease(lapsed, 3, now))
        .isExactlyInstanceOf(ExportStateConflictException.class);
    assertThat(document(pending.uid())).isEqualTo(renewed);
  }

  // --- cancel ---

  @Test
  void aPendingJobIsCancelledBeforeItStarts() {
    ExportJob pending = created(aPendingJob());
    Instant cancelled = T0.plusSeconds(5);
    int mark = outbox(pending.uid()).size();

    ExportJob result = store.cancel(pending.uid(), "key_admin", "asked by mistake", cancelled);

    ExportJob expected =
        sameJobAs(pending)
            .status(EXPORT_STATUS_CANCELLED)
            .updatedAt(cancelled)
            .finishedAt(cancelled)
            .build();
    assertThat(result).isEqualTo(expected);
    assertThat(store.find(pending.uid())).contains(expected);
    List<Announced> announced = announcedSince(pending.uid(), mark);
    assertThat(announced).extracting(Announced::what).containsExactly("job.cancelled");
    assertAudit(announced.get(0), pending, JobOperation.CANCELLED, null);
    assertThat(announced.get(0).data().path("actor_key_id").asString()).isEqualTo("key_admin");
    assertThat(announced.get(0).data().path("reason").asString()).isEqualTo("asked by mistake");
    assertToldWholeOutbox(pending.uid(), announced);
  }

  @Test
  void aProcessingJobIsCancelledAndItsWorkerLosesIt() {
    ExportJob first = created(aPendingJob().sessionIds("a"));
    ExportJob second = created(aPendingJob().sessionIds("b").createdAt(T0.plusSeconds(1)));
    ExportJob running = claim(first, T0.plusSeconds(2));
    Instant cancelled = T0.plusSeconds(5);
    int mark = outbox(first.uid()).size();

    ExportJob result = store.cancel(first.uid(), "key_admin", "wrong user", cancelled);

    assertThat(result.status()).isEqualTo(EXPORT_STATUS_CANCELLED);
    assertThat(result.finishedAt()).isEqualTo(cancelled);
    assertThat(result.lease()).isNull();
    assertAudit(announcedSince(first.uid(), mark).get(0), first, JobOperation.CANCELLED, 1);
    assertThat(store.renewLease(JobOwner.of(running), T0.plus(LEASE), Progress.NONE, cancelled))
        .isFalse();
    assertThatThrownBy(() -> store.complete(running, anArchive(running, cancelled), cancelled))
        .isExactlyInstanceOf(ExportStateConflictException.class);
    assertThat(claim(second, T0.plusSeconds(6)).status())
        .as("the user is no longer busy")
        .isEqualTo(EXPORT_STATUS_PROCESSING);
  }

  @Test
  void cancellingAMissingJobIsAConflict() {
    assertThatThrownBy(() -> store.cancel("exp_missing", "key_admin", "why", T0))
        .isExactlyInstanceOf(ExportStateConflictException.class)
        .hasMessageContaining("missing");
  }

  @ParameterizedTest
  @EnumSource(
      value = ExportStatus.class,
      names = {"EXPORT_STATUS_COMPLETED", "EXPORT_STATUS_FAILED", "EXPORT_STATUS_CANCELLED"})
  void nothingLeavesATerminalState(ExportStatus terminal) {
    ExportJob pending = created(aPendingJob());
    ExportJob running = claim(pending, T0.plusSeconds(1));
    ExportJob ended = endJob(running, terminal, T0.plusSeconds(2));
    assertThat(ended.status()).isEqualTo(terminal);
    Document before = document(pending.uid());
    int toldBefore = told.size();
    Instant later = T0.plus(Duration.ofHours(1));
    Map<String, Executable> changes = new LinkedHashMap<>();
    changes.put("complete", () -> store.complete(running, anArchive(running, later), later));
    changes.put("fail", () -> store.fail(running, new Failure("again", "again"), later));
    changes.put("retryLater", () -> store.retryLater(running, "again", later));
    changes.put("release", () -> store.release(running, later));
    changes.put("cancel", () -> store.cancel(pending.uid(), "key_admin", "again", later));
    changes.put("expireLease", () -> store.expireLease(running, 3, later));

    List<Executable> checks = conflicts(changes, "from " + terminal);
    checks.add(
        () ->
            assertThat(
                    store.claimNext(
                        ExportSubject.user(ENTERPRISE, USER), WORKER, later.plus(LEASE), later))
                .isEqualTo(new Claim.NothingPending()));
    checks.add(
        () ->
            assertThat(
                    store.renewLease(JobOwner.of(running), later.plus(LEASE), Progress.NONE, later))
                .isFalse());
    checks.add(() -> store.requestAgain(pending, later));
    assertAll(checks);
    assertThat(document(pending.uid())).isEqualTo(before);
    assertThat(told).hasSize(toldBefore);
  }

  // --- pending jobs whose request may be lost ---

  @Test
  void pendingJobsNotUpdatedSinceTheGivenInstantAreFoundOldestFirst() {
    ExportJob old = created(aPendingJob().forUser("usr_1").createdAt(T0));
    ExportJob older = created(aPendingJob().forUser("usr_2").createdAt(T0.minusSeconds(60)));
    created(aPendingJob().forUser("usr_3").createdAt(T0.plus(Duration.ofMinutes(30))));
    ExportJob oldButStarted = created(aPendingJob().forUser("usr_4").createdAt(T0));
    claim(oldButStarted, T0.plus(Duration.ofMinutes(1)));

    assertThat(store.findPendingSince(T0.plus(Duration.ofMinutes(10)), 10))
        .containsExactly(older, old);
    assertThat(store.findPendingSince(T0.plus(Duration.ofMinutes(10)), 1)).containsExactly(older);
  }

  @Test
  void aPendingJobIsRequestedAgain() {
    ExportJob pending = created(aPendingJob());
    Instant now = T0.plus(Duration.ofMinutes(15));
    int mark = outbox(pending.uid()).size();

    store.requestAgain(pending, now);

    List<Announced> announced = announcedSince(pending.uid(), mark);
    assertThat(announced).extracting(Announced::what).containsExactly(REQUESTED);
    assertRequested(announced.get(0), pending);
    assertToldWholeOutbox(pending.uid(), announced);
    assertThat(store.find(pending.uid()).orElseThrow().updatedAt()).isEqualTo(now);
    assertThat(store.findPendingSince(now, 10)).as("not lost again right away").isEmpty();
  }

  @Test
  void aJobThatLeftPendingIsNotRequestedAgain() {
    ExportJob pending = created(aPendingJob());
    claim(pending, T0.plusSeconds(1));
    Document before = document(pending.uid());
    int toldBefore = told.size();

    store.requestAgain(pending, T0.plusSeconds(2));

    assertThat(document(pending.uid())).isEqualTo(before);
    assertThat(told).hasSize(toldBefore);
  }

  // --- archive retention and legal hold ---

  @Test
  void expiredArchivesAreFoundUnlessHeldOrDeletedAlready() {
    Instant now = T0.plus(Duration.ofDays(40));
    ExportJob expiredLater = completed(aPendingJob(), T0.plus(Duration.ofDays(35)), false, null);
    ExportJob expiredEarlier = completed(aPendingJob(), T0.plus(Duration.ofDays(30)), false, null);
    ExportJob held = completed(aPendingJob(), T0.plus(Duration.ofDays(30)), true, null);
    ExportJob deleted = completed(aPendingJob(), T0.plus(Duration.ofDays(30)), false, now);
    ExportJob kept = completed(aPendingJob(), T0.plus(Duration.ofDays(45)), false, null);
    Stream.of(expiredLater, expiredEarlier, held, deleted, kept)
        .forEach(job -> StoredJobs.put(database, job));

    assertThat(store.findExpiredArchives(now, 10)).containsExactly(expiredEarlier, expiredLater);
    assertThat(store.findExpiredArchives(now, 1)).containsExactly(expiredEarlier);
  }

  @Test
  void anExpiredArchiveIsMarkedDeletedOnce() {
    ExportJob job = completed(aPendingJob(), T0.plus(Duration.ofDays(30)), false, null);
    StoredJobs.put(database, job);
    Instant now = T0.plus(Duration.ofDays(31));

    store.markArchiveExpired(job, now);

    ExportJob marked = store.find(job.uid()).orElseThrow();
    assertThat(marked.archive().deletedAt()).isEqualTo(now);
    assertThat(marked.status()).isEqualTo(EXPORT_STATUS_COMPLETED);
    List<Announced> announced = outbox(job.uid());
    assertThat(announced).extracting(Announced::what).containsExactly("job.archive_expired");
    assertAudit(announced.get(0), job, JobOperation.ARCHIVE_EXPIRED, 1);
    assertThat(told).containsExactly(entry(job.uid(), announced));
    assertThat(store.findExpiredArchives(now, 10)).isEmpty();

    store.markArchiveExpired(job, now.plusSeconds(1));

    assertThat(store.find(job.uid())).contains(marked);
    assertThat(outbox(job.uid())).hasSize(1);
    assertThat(told).hasSize(1);
  }

  @Test
  void anArchiveHeldSinceItWasFoundExpiredIsNotMarkedDeleted() {
    ExportJob found = completed(aPendingJob(), T0.plus(Duration.ofDays(30)), false, null);
    ExportJob heldMeanwhile = completed(sameJobAs(found), T0.plus(Duration.ofDays(30)), true, null);
    StoredJobs.put(database, heldMeanwhile);
    Document before = document(found.uid());

    store.markArchiveExpired(found, T0.plus(Duration.ofDays(31)));

    assertThat(document(found.uid())).isEqualTo(before);
    assertThat(told).isEmpty();
  }

  @Test
  void aLegalHoldIsSetAndReleasedOnACompletedJob() {
    Instant expires = T0.plus(Duration.ofDays(30));
    ExportJob job = completed(aPendingJob(), expires, false, null);
    StoredJobs.put(database, job);

    ExportJob held = store.setLegalHold(job.uid(), true, "key_legal", "case 7", T0.plusSeconds(1));

    assertThat(held.legalHold()).isTrue();
    assertThat(store.find(job.uid())).contains(held);
    assertThat(store.findExpiredArchives(expires.plusSeconds(1), 10)).isEmpty();
    List<Announced> announced = outbox(job.uid());
    assertThat(announced).extracting(Announced::what).containsExactly("job.legal_hold_set");
    assertAudit(announced.get(0), job, JobOperation.LEGAL_HOLD_SET, 1);
    assertThat(announced.get(0).data().path("actor_key_id").asString()).isEqualTo("key_legal");
    assertThat(announced.get(0).data().path("reason").asString()).isEqualTo("case 7");
    assertThat(told).containsExactly(entry(job.uid(), announced));

    ExportJob released =
        store.setLegalHold(job.uid(), false, "key_legal", "case closed", T0.plusSeconds(2));

    assertThat(released.legalHold()).isFalse();
    assertThat(announcedSince(job.uid(), 1))
        .extracting(Announced::what)
        .containsExactly("job.legal_hold_released");
    assertThat(store.findExpiredArchives(expires.plusSeconds(1), 10)).containsExactly(released);
  }

  @Test
  void aHeldArchiveIsReleasedAfterItsRetentionEnded() {
    Instant expires = T0.plus(Duration.ofDays(30));
    ExportJob held = completed(aPendingJob(), expires, true, null);
    StoredJobs.put(database, held);
    Instant later = expires.plus(Duration.ofDays(200));

    ExportJob released = store.setLegalHold(held.uid(), false, "key_legal", "case closed", later);

    assertThat(released.legalHold()).isFalse();
    assertThat(store.findExpiredArchives(later, 10)).containsExactly(released);
  }

  @ParameterizedTest
  @EnumSource(
      value = ExportStatus.class,
      names = {"EXPORT_STATUS_COMPLETED"},
      mode = EnumSource.Mode.EXCLUDE)
  void aLegalHoldIsRefusedUnlessTheJobCompleted(ExportStatus status) {
    ExportJob job = aPendingJob().status(status).build();
    StoredJobs.put(database, job);
    Document before = document(job.uid());

    assertThatThrownBy(() -> store.setLegalHold(job.uid(), true, "key_legal", "case 7", T0))
        .isExactlyInstanceOf(ExportStateConflictException.class);
    assertThat(document(job.uid())).isEqualTo(before);
    assertThat(told).isEmpty();
  }

  @Test
  void aLegalHoldIsRefusedOnceTheArchiveRetentionEndedOrItWasDeleted() {
    Instant expires = T0.plus(Duration.ofDays(30));
    ExportJob expired = completed(aPendingJob(), expires, false, null);
    ExportJob deleted = completed(aPendingJob(), expires, false, expires.plusSeconds(5));
    StoredJobs.put(database, expired);
    StoredJobs.put(database, deleted);

    assertThatThrownBy(
            () -> store.setLegalHold(expired.uid(), true, "k", "late", expires.plusSeconds(1)))
        .isExactlyInstanceOf(ExportStateConflictException.class);
    assertThatThrownBy(
            () -> store.setLegalHold(deleted.uid(), true, "k", "late", expires.minusSeconds(1)))
        .isExactlyInstanceOf(ExportStateConflictException.class);
    assertThat(store.find(expired.uid())).contains(expired);
    assertThat(store.find(deleted.uid())).contains(deleted);
    assertThatThrownBy(() -> store.setLegalHold("exp_missing", true, "k", "r", T0))
        .isExactlyInstanceOf(ExportStateConflictException.class);
  }

  // --- listing ---

  @Test
  void aUsersExportsAreListedNewestFirstAndOnlyTheirs() {
    List<ExportJob> mine =
        Stream.of(3, 1, 5, 2, 4)
            .map(hours -> aPendingJob().createdAt(T0.plus(Duration.ofHours(hours))).build())
            .toList();
    mine.forEach(job -> StoredJobs.put(database, job));
    StoredJobs.put(
        database,
        aPendingJob().forUser(OTHER_USER).createdAt(T0.plus(Duration.ofHours(6))).build());
    StoredJobs.put(
        database,
        aPendingJob()
            .forEnterprise(OTHER_ENTERPRISE)
            .createdAt(T0.plus(Duration.ofHours(7)))
            .build());

    List<ExportJob> listed =
        store.list(new ExportListQuery(ExportSubject.user(ENTERPRISE, USER), null, null, 10));

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
        .forEach(job -> StoredJobs.put(database, job));

    assertThat(
            store.list(
                new ExportListQuery(
                    ExportSubject.user(ENTERPRISE, USER), EXPORT_STATUS_COMPLETED, null, 10)))
        .containsExactly(newerCompleted, olderCompleted);
    assertThat(
            store.list(
                new ExportListQuery(
                    ExportSubject.user(ENTERPRISE, USER), EXPORT_STATUS_PENDING, null, 10)))
        .containsExactly(pending);
    assertThat(
            store.list(
                new ExportListQuery(
                    ExportSubject.user(ENTERPRISE, USER), EXPORT_STATUS_PROCESSING, null, 10)))
        .isEmpty();
  }

  @Test
  void theNextPageContinuesAfterTheCursorEvenWhenNewerExportsAppearedMeanwhile() {
    List<ExportJob> existing =
        Stream.of(1, 2, 3, 4, 5)
            .map(hours -> aPendingJob().createdAt(T0.plus(Duration.ofHours(hours))).build())
            .toList();
    existing.forEach(job -> StoredJobs.put(database, job));
    List<ExportJob> expectedOrder = existing.stream().sorted(NEWEST_FIRST).toList();

    List<ExportJob> page1 =
        store.list(new ExportListQuery(ExportSubject.user(ENTERPRISE, USER), null, null, 3));
    assertThat(page1).containsExactlyElementsOf(expectedOrder.subList(0, 3));

    List<ExportJob> newer =
        Stream.of(6, 7)
            .map(hours -> aPendingJob().createdAt(T0.plus(Duration.ofHours(hours))).build())
            .toList();
    newer.forEach(job -> StoredJobs.put(database, job));
    ExportJob last = page1.get(page1.size() - 1);

    List<ExportJob> page2 =
        store.list(
            new ExportListQuery(
                ExportSubject.user(ENTERPRISE, USER),
                null,
                new ExportCursor(last.createdAt(), last.uid()),
                3));

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
    jobs.forEach(job -> StoredJobs.put(database, job));

    List<ExportJob> paged = new ArrayList<>();
    ExportCursor after = null;
    for (int pages = 0; pages < jobs.size() + 1; pages++) {
      List<ExportJob> page =
          store.list(new ExportListQuery(ExportSubject.user(ENTERPRISE, USER), null, after, 2));
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

  // --- indexes ---

  @Test
  void creatingTheIndexesAgainChangesNothing() {
    ExportJob first = created(aPendingJob().sessionIds("a"));
    created(aPendingJob().sessionIds("b"));
    claim(first, T0.plusSeconds(1));

    store.createIndexes();

    assertThat(
            store.claimNext(
                ExportSubject.user(ENTERPRISE, USER),
                OTHER_WORKER,
                T0.plus(LEASE),
                T0.plusSeconds(2)))
        .isEqualTo(new Claim.UserBusy(first.uid()));
    assertThat(store.create(aPendingJob().sessionIds("a").build(), NO_KEY).deduped()).isTrue();
  }

  // --- helpers ---

  /** How an owner's snapshot of a running job went stale. */
  enum Staleness {
    /** Another worker's id, same attempt: never this job's owner. */
    OTHER_WORKER,
    /** The same worker's earlier attempt: the job was handed back and claimed again since. */
    OLDER_ATTEMPT
  }

  /** A running job, and a snapshot of it whose owner is no longer (or never was) the owner. */
  private ExportJob staleOwner(Staleness staleness) {
    ExportJob running = claim(created(aPendingJob()), T0.plusSeconds(1));
    return switch (staleness) {
      case OTHER_WORKER -> withLease(running, new Lease(OTHER_WORKER, running.lease().expiresAt()));
      case OLDER_ATTEMPT -> {
        store.release(running, T0.plusSeconds(2));
        ExportJob again = claim(running, T0.plusSeconds(3));
        assertThat(again.lease().workerId()).isEqualTo(running.lease().workerId());
        yield running;
      }
    };
  }

  /** A check per change that it fails as a lost race; {@code assertAll} runs them all. */
  private static List<Executable> conflicts(Map<String, Executable> changes, String when) {
    List<Executable> checks = new ArrayList<>();
    changes.forEach(
        (name, change) ->
            checks.add(
                () ->
                    assertThatThrownBy(change::execute)
                        .as(name + " " + when)
                        .isExactlyInstanceOf(ExportStateConflictException.class)));
    return checks;
  }

  @Test
  void handBacksAtShutdownDoNotCountTowardsTheMostAttempts() {
    ExportJob pending = created(aPendingJob());
    Instant now = T0;
    for (int release = 0; release < 2; release++) {
      now = now.plusSeconds(1);
      store.release(claim(pending, now), now);
    }
    now = now.plusSeconds(1);
    claim(pending, now);
    Instant lapse = now.plus(LEASE).plusSeconds(1);
    ExportJob lapsed = store.findLapsedLeases(lapse, 10).get(0);
    assertThat(lapsed.attempt()).isEqualTo(3);

    ExportJob back = store.expireLease(lapsed, 3, lapse);

    assertThat(back.status())
        .as("one failed attempt of three, after two hand-backs")
        .isEqualTo(EXPORT_STATUS_PENDING);
    assertThat(back.failedAttempts()).hasSize(1);
  }

  private ExportJob created(ExportJobs.Builder job) {
    Created created = store.create(job.build(), NO_KEY);
    assertThat(created.created()).isTrue();
    return created.job();
  }

  /** Claims {@code job} (the user's oldest pending one) for {@link #WORKER}. */
  private ExportJob claim(ExportJob job, Instant now) {
    return claimFor(job, now.plus(LEASE), now);
  }

  private ExportJob claimFor(ExportJob job, Instant leaseUntil, Instant now) {
    Claim claim =
        store.claimNext(
            ExportSubject.user(job.enterpriseUid(), job.userId()), WORKER, leaseUntil, now);
    assertThat(claim).isInstanceOf(Claim.Claimed.class);
    ExportJob claimed = ((Claim.Claimed) claim).job();
    assertThat(claimed.uid()).isEqualTo(job.uid());
    return claimed;
  }

  private ExportJob endJob(ExportJob running, ExportStatus end, Instant at) {
    return switch (end) {
      case EXPORT_STATUS_COMPLETED -> store.complete(running, anArchive(running, at), at);
      case EXPORT_STATUS_FAILED -> store.fail(running, new Failure("boom", "boom"), at);
      case EXPORT_STATUS_CANCELLED -> store.cancel(running.uid(), "key_admin", "stop", at);
      default -> throw new IllegalArgumentException(end + " is not an end state");
    };
  }

  /** A COMPLETED job as a worker left it, put directly. */
  private static ExportJob completed(
      ExportJobs.Builder job, Instant expiresAt, boolean held, Instant deletedAt) {
    return job.status(EXPORT_STATUS_COMPLETED)
        .startedAt(T0.plusSeconds(1))
        .finishedAt(T0.plusSeconds(2))
        .updatedAt(T0.plusSeconds(2))
        .attempt(1)
        .progress(new Progress(4, 4, 10, 100))
        .archive(
            new ArchiveRef(
                "exports/ent_acme/exp-1.zip", 100, "ab".repeat(32), expiresAt, deletedAt))
        .legalHold(held)
        .build();
  }

  /** A builder of the job as created, to state what a change should have made of it. */
  private static ExportJobs.Builder sameJobAs(ExportJob job) {
    return aPendingJob()
        .uid(job.uid())
        .forEnterprise(job.enterpriseUid())
        .forUser(job.userId())
        .scope(job.filters().scope())
        .includeDeleted(job.filters().includeDeleted())
        .includeFiles(job.filters().includeFiles())
        .between(job.filters().startTime(), job.filters().endTime())
        .sessionIds(job.filters().sessionIds().toArray(String[]::new))
        .webdevProjectUids(job.filters().webdevProjectUids().toArray(String[]::new))
        .projectUids(job.filters().projectUids().toArray(String[]::new))
        .reason(job.reason())
        .requestedByKeyId(job.requestedByKeyId())
        .requestId(job.requestId())
        .createdAt(job.createdAt());
  }

  private static ExportJob withLease(ExportJob job, Lease lease) {
    return new ExportJob(
        job.uid(),
        job.enterpriseUid(),
        job.userId(),
        job.status(),
        job.filters(),
        job.reason(),
        job.requestedByKeyId(),
        job.requestId(),
        job.createdAt(),
        job.updatedAt(),
        job.startedAt(),
        job.finishedAt(),
        job.archive(),
        job.attempt(),
        lease,
        job.progress(),
        job.failedAttempts(),
        job.failure(),
        job.legalHold(),
        job.kind());
  }

  private static ArchiveRef anArchive(ExportJob job, Instant at) {
    return new ArchiveRef(
        "exports/" + job.enterpriseUid() + "/" + job.uid() + "-" + job.attempt() + ".zip",
        1234L,
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        at.plus(Duration.ofDays(30)));
  }

  private Document document(String uid) {
    return StoredJobs.document(database, uid).orElseThrow();
  }

  private List<Announced> outbox(String uid) {
    return StoredJobs.outbox(database, uid).stream().map(Announced::of).toList();
  }

  /** The messages the outbox got after its first {@code mark} ones. */
  private List<Announced> announcedSince(String uid, int mark) {
    List<Announced> all = outbox(uid);
    return all.subList(mark, all.size());
  }

  private static <T> T last(List<T> list) {
    return list.get(list.size() - 1);
  }

  /**
   * The listener hears the job's whole unpublished outbox, which ends with what this change
   * announced: messages an outage left behind go out first, so the job's events keep their order.
   */
  private void assertToldWholeOutbox(String uid, List<Announced> announced) {
    List<OutboxMessage> outbox = StoredJobs.outbox(database, uid);
    assertThat(told).last().isEqualTo(new OutboxEntry(uid, outbox));
    assertThat(outbox)
        .endsWith(announced.stream().map(Announced::message).toArray(OutboxMessage[]::new));
  }

  private static OutboxEntry entry(String uid, List<Announced> announced) {
    return new OutboxEntry(uid, announced.stream().map(Announced::message).toList());
  }

  /** The audit event of a change of {@code job}, read from its JSON as consumers read it. */
  private static void assertAudit(
      Announced announced, ExportJob job, JobOperation operation, Integer attempt) {
    JsonNode event = announced.json();
    assertThat(announced.message().topic()).isEqualTo(OutboxTopic.AUDIT);
    assertThat(announced.message().key()).isEqualTo(job.enterpriseUid());
    assertThat(event.path("id").asString()).isEqualTo(announced.message().id());
    assertThat(event.path("type").asString())
        .isEqualTo("io.dataexport.audit." + operation.wireName());
    assertThat(event.path("source").asString()).isEqualTo(SOURCE);
    assertThat(event.path("subject").asString()).isEqualTo(job.uid());
    JsonNode data = announced.data();
    assertThat(data.path("operation").asString()).isEqualTo(operation.wireName());
    assertThat(data.path("export_uid").asString()).isEqualTo(job.uid());
    assertThat(data.path("enterprise_uid").asString()).isEqualTo(job.enterpriseUid());
    assertThat(data.path("target_user_id").asString()).isEqualTo(job.userId());
    if (attempt == null) {
      assertThat(data.has("attempt")).as("attempt of " + operation).isFalse();
    } else {
      assertThat(data.path("attempt").asInt()).as("attempt of " + operation).isEqualTo(attempt);
    }
  }

  /** The ExportRequested that sends a worker to {@code job}. */
  private static void assertRequested(Announced announced, ExportJob job) {
    JsonNode event = announced.json();
    assertThat(announced.message().topic()).isEqualTo(OutboxTopic.EXPORT_REQUESTED);
    assertThat(announced.message().key()).isEqualTo(job.enterpriseUid() + "/" + job.userId());
    assertThat(event.path("export_uid").asString()).isEqualTo(job.uid());
    assertThat(event.path("enterprise_uid").asString()).isEqualTo(job.enterpriseUid());
    assertThat(event.path("user_id").asString()).isEqualTo(job.userId());
    assertThat(event.path("request_id").asString()).isEqualTo(job.requestId());
  }

  /** One outbox message and its parsed payload. */
  private record Announced(OutboxMessage message, JsonNode json) {

    static Announced of(OutboxMessage message) {
      return new Announced(message, JSON.readTree(message.payload()));
    }

    /** The audit operation ({@code job.started}), or {@code ExportRequested}. */
    String what() {
      return message.topic() == OutboxTopic.AUDIT
          ? json.path("type").asString().substring("io.dataexport.audit.".length())
          : REQUESTED;
    }

    JsonNode data() {
      return json.path("data");
    }
  }
}
