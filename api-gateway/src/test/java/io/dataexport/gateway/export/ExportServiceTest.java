package io.dataexport.gateway.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import io.dataexport.api.v1.CreateExportRequest;
import io.dataexport.api.v1.CreateExportResponse;
import io.dataexport.api.v1.EnterpriseExportScope;
import io.dataexport.api.v1.ExportRecord;
import io.dataexport.api.v1.ExportStatus;
import io.dataexport.api.v1.GetExportRequest;
import io.dataexport.api.v1.SetLegalHoldRequest;
import io.dataexport.archive.ArchiveStore;
import io.dataexport.archive.SignedLink;
import io.dataexport.catalog.TaskCatalog;
import io.dataexport.catalog.UserAccount;
import io.dataexport.catalog.UserCatalog;
import io.dataexport.export.CreateRefusedException;
import io.dataexport.export.ExportJob;
import io.dataexport.export.ExportJob.ArchiveRef;
import io.dataexport.export.ExportJob.Progress;
import io.dataexport.export.ExportJobStore;
import io.dataexport.export.ExportJobStore.CreateOptions;
import io.dataexport.export.ExportJobStore.Created;
import io.dataexport.export.ExportJobs;
import io.dataexport.export.ExportStateConflictException;
import io.dataexport.gateway.api.ApiException;
import io.dataexport.gateway.api.ErrorCode;
import io.dataexport.gateway.auth.Caller;
import io.dataexport.gateway.auth.Role;
import io.dataexport.time.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

/**
 * The service's own decisions, over a mocked job store: how the store's refusals reach the client,
 * what it is asked to do, and how a stored job becomes a record.
 */
class ExportServiceTest {

  private static final String ENTERPRISE = "ent_acme";
  private static final String USER_ID = "123e4567-e89b-12d3-a456-426614174000";
  private static final Caller ADMIN = new Caller(ENTERPRISE, "key_admin", Role.ADMIN, "10.0.0.7");
  private static final Caller AUDITOR =
      new Caller(ENTERPRISE, "key_auditor", Role.AUDITOR, "10.0.0.8");
  private static final int MAX_QUEUED = 5;
  private static final Instant NOW = Instant.parse("2026-03-02T09:00:00Z");

  private final ExportJobStore jobs = mock(ExportJobStore.class);
  private final UserCatalog users = mock(UserCatalog.class);
  private final ArchiveStore archives = mock(ArchiveStore.class);
  private final MutableClock clock = new MutableClock(NOW);
  private ExportService service;

  @BeforeEach
  void setUp() {
    when(users.findMember(ENTERPRISE, USER_ID))
        .thenReturn(Optional.of(new UserAccount(USER_ID, "ada@acme.example", "Ada", false)));
    service =
        new ExportService(
            jobs,
            users,
            mock(TaskCatalog.class),
            archives,
            MAX_QUEUED,
            Duration.ofMinutes(10),
            new ExportCounters(new SimpleMeterRegistry(), users),
            clock);
  }

  private static CreateExportRequest request() {
    return CreateExportRequest.newBuilder()
        .setUserId(USER_ID)
        .setScope(EnterpriseExportScope.ENTERPRISE_EXPORT_SCOPE_FULL)
        .build();
  }

  private static ExportJobs.Builder job() {
    return ExportJobs.aPendingJob().forEnterprise(ENTERPRISE).forUser(USER_ID);
  }

  // ---- create ----

  @Test
  void aUserWithTooManyQueuedExportsIsResourceExhaustedNamingTheUser() {
    String message =
        "user_id: the user already has 5 exports pending or processing; wait for one to finish"
            + " or cancel one";
    when(jobs.create(any(), any()))
        .thenThrow(
            new CreateRefusedException(CreateRefusedException.Reason.TOO_MANY_QUEUED, message));

    assertThatThrownBy(() -> service.create(ADMIN, request(), "req_1", null))
        .isInstanceOfSatisfying(
            ApiException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.RESOURCE_EXHAUSTED);
              assertThat(e.code().httpStatus()).isEqualTo(429);
            })
        .hasMessage(message);
  }

  @Test
  void anIdempotencyKeyReusedForAnotherRequestIsAnInvalidArgumentNamingTheHeader() {
    String message =
        "Idempotency-Key: already used for export exp_1 with a different request; use a new key"
            + " for a new request";
    when(jobs.create(any(), any()))
        .thenThrow(
            new CreateRefusedException(
                CreateRefusedException.Reason.IDEMPOTENCY_KEY_REUSED, message));

    assertThatThrownBy(() -> service.create(ADMIN, request(), "req_1", "key-1"))
        .isInstanceOfSatisfying(
            ApiException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
        .hasMessage(message);
  }

  @Test
  void theStoreIsGivenTheKeyAndThePerUserCap() {
    when(jobs.create(any(), any()))
        .thenAnswer(call -> new Created(call.getArgument(0), true, false));

    CreateExportResponse response = service.create(ADMIN, request(), "req_1", "key-1");

    ArgumentCaptor<ExportJob> job = ArgumentCaptor.forClass(ExportJob.class);
    verify(jobs).create(job.capture(), eq(new CreateOptions("key-1", MAX_QUEUED)));
    assertThat(job.getValue().status()).isEqualTo(ExportStatus.EXPORT_STATUS_PENDING);
    assertThat(job.getValue().userId()).isEqualTo(USER_ID);
    assertThat(job.getValue().requestId()).isEqualTo("req_1");
    assertThat(response.getUid()).isEqualTo(job.getValue().uid());
    assertThat(response.getDeduped()).isFalse();
  }

  @Test
  void withoutAKeyTheStoreIsGivenNone() {
    when(jobs.create(any(), any()))
        .thenAnswer(call -> new Created(call.getArgument(0), true, false));

    service.create(ADMIN, request(), "req_1", null);

    verify(jobs).create(any(), eq(new CreateOptions(null, MAX_QUEUED)));
  }

  @Test
  void aMalformedKeyIsRefusedBeforeTheStoreIsAsked() {
    assertThatThrownBy(() -> service.create(ADMIN, request(), "req_1", "two words"))
        .isInstanceOfSatisfying(
            ApiException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
        .hasMessageStartingWith("Idempotency-Key: ");
    verifyNoInteractions(jobs);
  }

  @Test
  void anIdenticalRunningRequestAnswersThatExportAsDeduped() {
    ExportJob running =
        job()
            .uid("exp_running")
            .status(ExportStatus.EXPORT_STATUS_PROCESSING)
            .createdAt(NOW.minusSeconds(30))
            .build();
    when(jobs.create(any(), any())).thenReturn(new Created(running, false, true));

    CreateExportResponse response = service.create(ADMIN, request(), "req_2", null);

    assertThat(response.getUid()).isEqualTo("exp_running");
    assertThat(response.getStatus()).isEqualTo(ExportStatus.EXPORT_STATUS_PROCESSING);
    assertThat(response.getCreatedAt().getSeconds())
        .isEqualTo(NOW.minusSeconds(30).getEpochSecond());
    assertThat(response.getDeduped()).isTrue();
  }

  @Test
  void aReplayedKeyAnswersItsExportNotDeduped() {
    ExportJob earlier = job().uid("exp_keyed").status(ExportStatus.EXPORT_STATUS_COMPLETED).build();
    when(jobs.create(any(), any())).thenReturn(new Created(earlier, false, false));

    CreateExportResponse response = service.create(ADMIN, request(), "req_3", "key-1");

    assertThat(response.getUid()).isEqualTo("exp_keyed");
    assertThat(response.getStatus()).isEqualTo(ExportStatus.EXPORT_STATUS_COMPLETED);
    assertThat(response.getDeduped()).isFalse();
  }

  // ---- legal hold ----

  @Test
  void anAuditorCannotChangeALegalHold() {
    assertThatThrownBy(
            () ->
                service.setLegalHold(
                    AUDITOR,
                    SetLegalHoldRequest.newBuilder().setUid("exp_1").setHold(true).build()))
        .isInstanceOfSatisfying(
            ApiException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.PERMISSION_DENIED));
    verify(jobs, never())
        .setLegalHold(anyString(), anyBoolean(), anyString(), any(), any(Instant.class));
  }

  @Test
  void aHoldIsSetWithTheCallersKeyAndReason() {
    ExportJob completed = completed().build();
    when(jobs.find("exp_done")).thenReturn(Optional.of(completed));
    when(jobs.setLegalHold("exp_done", true, "key_admin", "matter 7", NOW))
        .thenReturn(completed().legalHold(true).build());

    ExportRecord record =
        service
            .setLegalHold(
                ADMIN,
                SetLegalHoldRequest.newBuilder()
                    .setUid("exp_done")
                    .setHold(true)
                    .setReason("matter 7")
                    .build())
            .getRecord();

    assertThat(record.getLegalHold()).isTrue();
    assertThat(record.getFileUrl()).as("no link in a hold's answer").isEmpty();
  }

  @Test
  void aHoldOnAnExportNotCompletedIsAFailedPreconditionNamingItsStatus() {
    ExportJob pending = job().uid("exp_pending").build();
    when(jobs.find("exp_pending")).thenReturn(Optional.of(pending));
    when(jobs.setLegalHold(eq("exp_pending"), anyBoolean(), anyString(), any(), any()))
        .thenThrow(
            new ExportStateConflictException(
                "exp_pending",
                Set.of(ExportStatus.EXPORT_STATUS_COMPLETED),
                ExportStatus.EXPORT_STATUS_COMPLETED,
                "EXPORT_STATUS_PENDING"));

    assertThatThrownBy(
            () ->
                service.setLegalHold(
                    ADMIN, SetLegalHoldRequest.newBuilder().setUid("exp_pending").build()))
        .isInstanceOfSatisfying(
            ApiException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.FAILED_PRECONDITION))
        .hasMessageStartingWith("uid: the export is EXPORT_STATUS_PENDING");
  }

  @Test
  void aHoldOnADeletedArchiveIsAFailedPreconditionSayingSo() {
    ExportJob expired =
        completed()
            .archive(
                new ArchiveRef(
                    "ent_acme/exp_done.zip", 42, "ab", NOW.minusSeconds(60), NOW.minusSeconds(30)))
            .build();
    when(jobs.find("exp_done")).thenReturn(Optional.of(expired));
    when(jobs.setLegalHold(eq("exp_done"), anyBoolean(), anyString(), any(), any()))
        .thenThrow(
            new ExportStateConflictException(
                "exp_done",
                Set.of(ExportStatus.EXPORT_STATUS_COMPLETED),
                ExportStatus.EXPORT_STATUS_COMPLETED,
                "EXPORT_STATUS_COMPLETED"));

    assertThatThrownBy(
            () ->
                service.setLegalHold(
                    ADMIN,
                    SetLegalHoldRequest.newBuilder().setUid("exp_done").setHold(true).build()))
        .isInstanceOfSatisfying(
            ApiException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.FAILED_PRECONDITION))
        .hasMessageStartingWith("uid: the archive expired at ")
        .hasMessageContaining("can no longer be held");
  }

  // ---- records ----

  private static ExportJobs.Builder completed() {
    return job()
        .uid("exp_done")
        .status(ExportStatus.EXPORT_STATUS_COMPLETED)
        .startedAt(NOW.minusSeconds(50))
        .finishedAt(NOW.minusSeconds(40))
        .attempt(1)
        .progress(new Progress(9, 9, 1284, 4096))
        .archive(new ArchiveRef("ent_acme/exp_done.zip", 4096, "ab", NOW.plusSeconds(3600)));
  }

  @Test
  void aRecordCarriesTheAttemptProgressAndHold() {
    when(jobs.find("exp_done")).thenReturn(Optional.of(completed().legalHold(true).build()));

    ExportRecord record =
        service.get(AUDITOR, GetExportRequest.newBuilder().setUid("exp_done").build()).getRecord();

    assertThat(record.getAttempt()).isEqualTo(1);
    assertThat(record.hasProgress()).isTrue();
    assertThat(record.getProgress().getSectionsDone()).isEqualTo(9);
    assertThat(record.getProgress().getSectionsTotal()).isEqualTo(9);
    assertThat(record.getProgress().getRecordsWritten()).isEqualTo(1284);
    assertThat(record.getProgress().getBytesWritten()).isEqualTo(4096);
    assertThat(record.getLegalHold()).isTrue();
    assertThat(record.getErrorCode()).isEmpty();
    assertThat(record.hasArchiveExpiredAt()).isFalse();
  }

  @Test
  void aRecordNotYetStartedHasNoProgress() {
    when(jobs.find("exp_new")).thenReturn(Optional.of(job().uid("exp_new").build()));

    ExportRecord record =
        service.get(ADMIN, GetExportRequest.newBuilder().setUid("exp_new").build()).getRecord();

    assertThat(record.getAttempt()).isZero();
    assertThat(record.hasProgress()).isFalse();
  }

  @Test
  void aFailedRecordCarriesItsErrorCodeAndMessage() {
    when(jobs.find("exp_failed"))
        .thenReturn(
            Optional.of(
                job()
                    .uid("exp_failed")
                    .status(ExportStatus.EXPORT_STATUS_FAILED)
                    .attempt(3)
                    .failure("attempts_exhausted", "the export failed 3 attempts")
                    .build()));

    ExportRecord record =
        service.get(ADMIN, GetExportRequest.newBuilder().setUid("exp_failed").build()).getRecord();

    assertThat(record.getErrorCode()).isEqualTo("attempts_exhausted");
    assertThat(record.getErrorMessage()).isEqualTo("the export failed 3 attempts");
    assertThat(record.getAttempt()).isEqualTo(3);
  }

  @Test
  void aDeletedArchiveIsRecordedAndHasNoLink() {
    Instant deletedAt = NOW.minusSeconds(30);
    when(jobs.find("exp_done"))
        .thenReturn(
            Optional.of(
                completed()
                    .archive(
                        new ArchiveRef(
                            "ent_acme/exp_done.zip", 4096, "ab", NOW.minusSeconds(60), deletedAt))
                    .build()));

    ExportRecord record =
        service.get(ADMIN, GetExportRequest.newBuilder().setUid("exp_done").build()).getRecord();

    assertThat(record.getArchiveExpiredAt().getSeconds()).isEqualTo(deletedAt.getEpochSecond());
    assertThat(record.getFileUrl()).isEmpty();
    verifyNoInteractions(archives);
  }

  @Test
  void aHeldArchivePastItsRetentionStillGetsALinkAnUnheldOneDoesNot() {
    ArchiveRef pastRetention =
        new ArchiveRef("ent_acme/exp_done.zip", 4096, "ab", NOW.minusSeconds(60));
    when(archives.sign("ent_acme/exp_done.zip", Duration.ofMinutes(10)))
        .thenReturn(
            new SignedLink(URI.create("http://localhost/exp_done.zip?s=1"), NOW.plusSeconds(600)));
    GetExportRequest get = GetExportRequest.newBuilder().setUid("exp_done").build();

    when(jobs.find("exp_done"))
        .thenReturn(Optional.of(completed().archive(pastRetention).legalHold(true).build()));
    assertThat(service.get(ADMIN, get).getRecord().getFileUrl())
        .isEqualTo("http://localhost/exp_done.zip?s=1");

    when(jobs.find("exp_done"))
        .thenReturn(Optional.of(completed().archive(pastRetention).legalHold(false).build()));
    assertThat(service.get(ADMIN, get).getRecord().getFileUrl()).isEmpty();
  }
}
