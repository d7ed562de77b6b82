package io.dataexport.gateway.export;

import static io.dataexport.gateway.api.ApiException.invalid;

import io.dataexport.api.v1.CancelExportRequest;
import io.dataexport.api.v1.CancelExportResponse;
import io.dataexport.api.v1.CreateExportRequest;
import io.dataexport.api.v1.CreateExportResponse;
import io.dataexport.api.v1.ExportStatus;
import io.dataexport.api.v1.GetDownloadURLRequest;
import io.dataexport.api.v1.GetDownloadURLResponse;
import io.dataexport.api.v1.GetExportRequest;
import io.dataexport.api.v1.GetExportResponse;
import io.dataexport.api.v1.ListExportsRequest;
import io.dataexport.api.v1.ListExportsResponse;
import io.dataexport.api.v1.SetLegalHoldRequest;
import io.dataexport.api.v1.SetLegalHoldResponse;
import io.dataexport.archive.ArchiveStore;
import io.dataexport.archive.SignedLink;
import io.dataexport.catalog.TaskCatalog;
import io.dataexport.catalog.UserAccount;
import io.dataexport.catalog.UserCatalog;
import io.dataexport.export.CreateRefusedException;
import io.dataexport.export.ExportJob;
import io.dataexport.export.ExportJobStore;
import io.dataexport.export.ExportJobStore.CreateOptions;
import io.dataexport.export.ExportJobStore.Created;
import io.dataexport.export.ExportJobStore.ExportCursor;
import io.dataexport.export.ExportJobStore.ExportListQuery;
import io.dataexport.export.ExportStateConflictException;
import io.dataexport.export.ExportSubject;
import io.dataexport.export.JobKind;
import io.dataexport.gateway.api.ApiException;
import io.dataexport.gateway.api.ErrorCode;
import io.dataexport.gateway.api.ProtoTime;
import io.dataexport.gateway.auth.Caller;
import io.dataexport.gateway.request.Limits;
import io.dataexport.gateway.request.Page;
import io.dataexport.gateway.request.PageToken;
import io.dataexport.gateway.request.RequestFields;
import io.dataexport.gateway.request.UserResolver;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/** The export operations, the same for the Connect and the /v2 protocol. */
public class ExportService {

  private final ExportJobStore jobs;
  private final UserResolver userResolver;
  private final UserCatalog users;
  private final TaskCatalog tasks;
  private final ArchiveStore archives;
  private final int maxQueuedPerUser;
  private final Duration linkValidity;
  private final ExportCounters counters;
  private final Clock clock;

  public ExportService(
      ExportJobStore jobs,
      UserCatalog users,
      TaskCatalog tasks,
      ArchiveStore archives,
      int maxQueuedPerUser,
      Duration linkValidity,
      ExportCounters counters,
      Clock clock) {
    this.jobs = jobs;
    this.userResolver = new UserResolver(users);
    this.users = users;
    this.tasks = tasks;
    this.archives = archives;
    this.maxQueuedPerUser = maxQueuedPerUser;
    this.linkValidity = linkValidity;
    this.counters = counters;
    this.clock = clock;
  }

  /**
   * @param idempotencyKey the client's Idempotency-Key header, or null
   */
  public CreateExportResponse create(
      Caller caller, CreateExportRequest request, String requestId, String idempotencyKey) {
    requireExportRole(caller);
    String key = RequestFields.idempotencyKey(idempotencyKey);
    ExportJob.ExportFilters filters = CreateExportValidator.filters(request);
    String reason =
        CreateExportValidator.reason(request, users.reasonRequired(caller.enterpriseUid()));
    UserAccount user =
        userResolver.resolve(caller.enterpriseUid(), request.getUserId(), request.getEmail());
    requireOwnSessions(caller.enterpriseUid(), user, filters.sessionIds());

    Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    String uid = "exp_" + UUID.randomUUID().toString().replace("-", "");
    ExportJob job =
        ExportJob.pending(
            uid,
            caller.enterpriseUid(),
            user.userId(),
            filters,
            reason,
            caller.keyId(),
            requestId,
            now);
    // The job and its ExportRequested are one write (the job's outbox): once this returns, the
    // export will run, whatever happens to Kafka meanwhile.
    Created created;
    try {
      created = jobs.create(job, new CreateOptions(key, maxQueuedPerUser));
    } catch (CreateRefusedException e) {
      throw new ApiException(
          e.reason() == CreateRefusedException.Reason.TOO_MANY_QUEUED
              ? ErrorCode.RESOURCE_EXHAUSTED
              : ErrorCode.INVALID_ARGUMENT,
          e.getMessage());
    }
    ExportJob answer = created.job();
    if (created.created()) {
      counters.created(answer);
    }
    return CreateExportResponse.newBuilder()
        .setUid(answer.uid())
        .setStatus(answer.status())
        .setCreatedAt(ProtoTime.timestamp(answer.createdAt()))
        .setUserId(answer.userId())
        .setEnterpriseUid(answer.enterpriseUid())
        .setDeduped(created.deduped())
        .build();
  }

  public GetExportResponse get(Caller caller, GetExportRequest request) {
    ExportJob job = findOwn(caller, request.getUid());
    SignedLink link = caller.role().mayExport() ? downloadLink(job) : null;
    return GetExportResponse.newBuilder().setRecord(ExportRecords.toRecord(job, link)).build();
  }

  public ListExportsResponse list(Caller caller, ListExportsRequest request) {
    int pageSize = RequestFields.pageSize(request.getPageSize());
    PageToken after = PageToken.decode(request.getPageToken());
    ExportStatus status = statusFilter(request);
    UserAccount user =
        userResolver.resolve(caller.enterpriseUid(), request.getUserId(), request.getEmail());
    List<ExportJob> rows =
        jobs.list(
            new ExportListQuery(
                ExportSubject.user(caller.enterpriseUid(), user.userId()),
                status,
                after == null ? null : new ExportCursor(after.createdAt(), after.id()),
                Page.rowsToRead(pageSize)));
    Page<ExportJob> page =
        Page.of(rows, pageSize, job -> new PageToken(job.createdAt(), job.uid()));
    ListExportsResponse.Builder response =
        ListExportsResponse.newBuilder()
            .setUserId(user.userId())
            .setNextPageToken(page.nextPageToken());
    page.items().forEach(job -> response.addRecords(ExportRecords.toRecord(job, null)));
    return response.build();
  }

  public GetDownloadURLResponse downloadUrl(Caller caller, GetDownloadURLRequest request) {
    requireExportRole(caller);
    ExportJob job = findOwn(caller, request.getUid());
    if (job.status() != ExportStatus.EXPORT_STATUS_COMPLETED) {
      throw new ApiException(
          ErrorCode.FAILED_PRECONDITION,
          "uid: the export is "
              + job.status().name()
              + "; a download link exists only once it is EXPORT_STATUS_COMPLETED");
    }
    SignedLink link = downloadLink(job);
    if (link == null) {
      throw new ApiException(
          ErrorCode.FAILED_PRECONDITION,
          "uid: the archive expired at "
              + job.archive().expiresAt()
              + " and was deleted at the end of its retention; create a new export");
    }
    return GetDownloadURLResponse.newBuilder()
        .setUid(job.uid())
        .setFileUrl(link.url().toString())
        .setUrlExpiresAt(ProtoTime.timestamp(link.expiresAt()))
        .build();
  }

  public CancelExportResponse cancel(Caller caller, CancelExportRequest request) {
    requireExportRole(caller);
    optionalReason(request.hasReason(), request.getReason(), "why the export is cancelled");
    ExportJob job = findOwn(caller, request.getUid());
    try {
      ExportJob cancelled =
          jobs.cancel(
              job.uid(),
              caller.keyId(),
              request.hasReason() ? request.getReason() : null,
              clock.instant());
      counters.cancelled(cancelled);
      return CancelExportResponse.newBuilder()
          .setRecord(ExportRecords.toRecord(cancelled, null))
          .build();
    } catch (ExportStateConflictException e) {
      String now = jobs.find(job.uid()).map(j -> j.status().name()).orElse("gone");
      throw new ApiException(
          ErrorCode.FAILED_PRECONDITION,
          "uid: the export is "
              + now
              + "; only EXPORT_STATUS_PENDING or EXPORT_STATUS_PROCESSING exports can be cancelled");
    }
  }

  public SetLegalHoldResponse setLegalHold(Caller caller, SetLegalHoldRequest request) {
    requireExportRole(caller);
    String reason =
        optionalReason(request.hasReason(), request.getReason(), "why the hold changes");
    ExportJob job = findOwn(caller, request.getUid());
    try {
      ExportJob changed =
          jobs.setLegalHold(job.uid(), request.getHold(), caller.keyId(), reason, clock.instant());
      return SetLegalHoldResponse.newBuilder()
          .setRecord(ExportRecords.toRecord(changed, null))
          .build();
    } catch (ExportStateConflictException e) {
      ExportJob now = jobs.find(job.uid()).orElse(job);
      throw new ApiException(
          ErrorCode.FAILED_PRECONDITION,
          now.status() != ExportStatus.EXPORT_STATUS_COMPLETED
              ? "uid: the export is "
                  + now.status().name()
                  + "; only an EXPORT_STATUS_COMPLETED export's archive can be held"
              : "uid: the archive expired at "
                  + now.archive().expiresAt()
                  + " and is deleted or being deleted; it can no longer be held");
    }
  }

  private ExportJob findOwn(Caller caller, String rawUid) {
    String uid = RequestFields.requiredId("uid", rawUid);
    return jobs.find(uid)
        .filter(job -> job.kind() == JobKind.USER_DATA) // a workspace export has its own routes
        .filter(job -> job.enterpriseUid().equals(caller.enterpriseUid()))
        .orElseThrow(() -> ApiException.notFound("uid: no such export in this enterprise"));
  }

  /** A fresh link for a completed export whose archive is still kept; null otherwise. */
  private SignedLink downloadLink(ExportJob job) {
    if (job.status() != ExportStatus.EXPORT_STATUS_COMPLETED
        || job.archive() == null
        || job.archive().deletedAt() != null
        || (!job.legalHold() && !clock.instant().isBefore(job.archive().expiresAt()))) {
      return null;
    }
    return archives.sign(job.archive().objectName(), linkValidity);
  }

  private void requireOwnSessions(String enterpriseUid, UserAccount user, List<String> sessionIds) {
    if (sessionIds.isEmpty()) {
      return;
    }
    Set<String> foreign = new TreeSet<>(sessionIds);
    foreign.removeAll(tasks.ownedBy(enterpriseUid, user.userId(), sessionIds));
    if (!foreign.isEmpty()) {
      throw invalid(
          "session_ids",
          "not sessions of this user in this enterprise: " + String.join(", ", foreign));
    }
  }

  /** An optional reason: absent, or not blank and within the limit. */
  private static String optionalReason(boolean present, String reason, String saysWhat) {
    if (!present) {
      return null;
    }
    if (reason.isBlank()) {
      throw invalid("reason", "must not be blank; omit it or say " + saysWhat);
    }
    RequestFields.maxLength("reason", reason, Limits.REASON);
    return reason;
  }

  private static ExportStatus statusFilter(ListExportsRequest request) {
    ExportStatus status = request.getStatus();
    if (status == ExportStatus.UNRECOGNIZED) {
      throw invalid("status", "unknown value " + request.getStatusValue());
    }
    return status == ExportStatus.EXPORT_STATUS_UNSPECIFIED ? null : status;
  }

  private static void requireExportRole(Caller caller) {
    if (!caller.role().mayExport()) {
      throw new ApiException(
          ErrorCode.PERMISSION_DENIED,
          "this API key's role (" + caller.role() + ") cannot start, cancel or download exports");
    }
  }
}
