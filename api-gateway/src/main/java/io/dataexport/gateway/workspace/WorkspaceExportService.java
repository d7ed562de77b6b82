package io.dataexport.gateway.workspace;

import io.dataexport.api.v1.CreateWorkspaceExportRequest;
import io.dataexport.api.v1.CreateWorkspaceExportResponse;
import io.dataexport.api.v1.ExportStatus;
import io.dataexport.api.v1.GetWorkspaceExportDownloadURLRequest;
import io.dataexport.api.v1.GetWorkspaceExportDownloadURLResponse;
import io.dataexport.api.v1.ListWorkspaceExportsRequest;
import io.dataexport.api.v1.ListWorkspaceExportsResponse;
import io.dataexport.api.v1.WorkspaceExportJob;
import io.dataexport.api.v1.WorkspaceExportStatus;
import io.dataexport.archive.ArchiveStore;
import io.dataexport.archive.SignedLink;
import io.dataexport.catalog.UserCatalog;
import io.dataexport.export.CreateRefusedException;
import io.dataexport.export.ExportJob;
import io.dataexport.export.ExportJobStore;
import io.dataexport.export.ExportJobStore.CreateOptions;
import io.dataexport.export.ExportJobStore.Created;
import io.dataexport.export.ExportJobStore.ExportCursor;
import io.dataexport.export.ExportJobStore.ExportListQuery;
import io.dataexport.export.ExportSubject;
import io.dataexport.export.JobKind;
import io.dataexport.gateway.api.ApiException;
import io.dataexport.gateway.api.ErrorCode;
import io.dataexport.gateway.api.ProtoTime;
import io.dataexport.gateway.auth.Caller;
import io.dataexport.gateway.request.Page;
import io.dataexport.gateway.request.PageToken;
import io.dataexport.gateway.request.RequestFields;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * The whole-workspace export of the caller's enterprise, the same for the REST routes, Connect and
 * /v2: starting one (at most one pending or running per enterprise), listing them with how the
 * deployment handles the data, and minting a download link. Starting and downloading take an ADMIN
 * key; an auditor may list.
 */
public class WorkspaceExportService {

  private final ExportJobStore jobs;
  private final UserCatalog enterprises;
  private final ArchiveStore archives;
  private final Duration linkValidity;
  private final DataHandlingFacts dataHandling;
  private final Clock clock;

  public WorkspaceExportService(
      ExportJobStore jobs,
      UserCatalog enterprises,
      ArchiveStore archives,
      Duration linkValidity,
      DataHandlingFacts dataHandling,
      Clock clock) {
    this.jobs = jobs;
    this.enterprises = enterprises;
    this.archives = archives;
    this.linkValidity = linkValidity;
    this.dataHandling = dataHandling;
    this.clock = clock;
  }

  /**
   * @param idempotencyKey the client's Idempotency-Key header, or null
   */
  public CreateWorkspaceExportResponse create(
      Caller caller,
      CreateWorkspaceExportRequest request,
      String requestId,
      String idempotencyKey) {
    requireAdmin(caller);
    String key = RequestFields.idempotencyKey(idempotencyKey);
    String reason =
        RequestFields.reason(
            request.hasReason(),
            request.getReason(),
            enterprises.reasonRequired(caller.enterpriseUid()),
            "why the workspace is exported");
    Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    ExportJob job =
        ExportJob.pendingWorkspace(
            "exp_" + UUID.randomUUID().toString().replace("-", ""),
            caller.enterpriseUid(),
            reason,
            caller.keyId(),
            requestId,
            now);
    Created created;
    try {
      // every workspace export of an enterprise is the same request: a second one while the
      // first is pending or running answers the first (deduped), so one queue slot is enough
      created = jobs.create(job, new CreateOptions(key, 1));
    } catch (CreateRefusedException e) {
      throw new ApiException(ErrorCode.INVALID_ARGUMENT, e.getMessage());
    }
    return CreateWorkspaceExportResponse.newBuilder()
        .setId(created.job().uid())
        .setStatus(status(created.job().status()))
        .setDeduped(created.deduped())
        .build();
  }

  public ListWorkspaceExportsResponse list(Caller caller, ListWorkspaceExportsRequest request) {
    int pageSize = RequestFields.pageSize(request.getPageSize());
    PageToken after = PageToken.decode(request.getPageToken());
    List<ExportJob> rows =
        jobs.list(
            new ExportListQuery(
                ExportSubject.workspace(caller.enterpriseUid()),
                null,
                after == null ? null : new ExportCursor(after.createdAt(), after.id()),
                Page.rowsToRead(pageSize)));
    Page<ExportJob> page =
        Page.of(rows, pageSize, job -> new PageToken(job.createdAt(), job.uid()));
    ListWorkspaceExportsResponse.Builder response =
        ListWorkspaceExportsResponse.newBuilder()
            .setDataHandling(dataHandling.of(caller.enterpriseUid()))
            .setNextPageToken(page.nextPageToken());
    page.items().forEach(job -> response.addJobs(toJob(job)));
    return response.build();
  }

  public GetWorkspaceExportDownloadURLResponse downloadUrl(
      Caller caller, GetWorkspaceExportDownloadURLRequest request) {
    requireAdmin(caller);
    String id = RequestFields.requiredId("id", request.getId());
    ExportJob job =
        jobs.find(id)
            .filter(j -> j.kind() == JobKind.WORKSPACE)
            .filter(j -> j.enterpriseUid().equals(caller.enterpriseUid()))
            .orElseThrow(
                () -> ApiException.notFound("id: no such workspace export in this enterprise"));
    if (job.status() != ExportStatus.EXPORT_STATUS_COMPLETED) {
      throw new ApiException(
          ErrorCode.FAILED_PRECONDITION,
          "id: the workspace export is "
              + wireStatus(job.status())
              + "; a download link exists only once it is completed");
    }
    if (job.archive().deletedAt() != null
        || (!job.legalHold() && !clock.instant().isBefore(job.archive().expiresAt()))) {
      throw new ApiException(
          ErrorCode.FAILED_PRECONDITION,
          "id: the archive expired at "
              + job.archive().expiresAt()
              + " and was deleted at the end of its retention; start a new workspace export");
    }
    SignedLink link = archives.sign(job.archive().objectName(), linkValidity);
    return GetWorkspaceExportDownloadURLResponse.newBuilder()
        .setId(job.uid())
        .setUrl(link.url().toString())
        .setUrlExpiresAt(ProtoTime.timestamp(link.expiresAt()))
        .build();
  }

  private static WorkspaceExportJob toJob(ExportJob job) {
    WorkspaceExportJob.Builder out =
        WorkspaceExportJob.newBuilder()
            .setId(job.uid())
            .setStatus(status(job.status()))
            .setCreatedAt(ProtoTime.timestamp(job.createdAt()));
    if (job.status() == ExportStatus.EXPORT_STATUS_COMPLETED) {
      out.setRowCount(job.progress() == null ? 0 : job.progress().records())
          .setCompletedAt(ProtoTime.timestamp(job.finishedAt()))
          .setArchiveSizeBytes(job.archive().sizeBytes())
          .setArchiveSha256(job.archive().sha256());
    }
    if (job.status() == ExportStatus.EXPORT_STATUS_CANCELLED) {
      out.setError("cancelled");
    } else if (job.failure() != null) {
      out.setError(job.failure().code() + ": " + job.failure().message());
    }
    return out.build();
  }

  /** The reference's four states: a cancelled export (an operator's act) shows as failed. */
  static WorkspaceExportStatus status(ExportStatus status) {
    return switch (status) {
      case EXPORT_STATUS_PENDING -> WorkspaceExportStatus.WORKSPACE_EXPORT_STATUS_PENDING;
      case EXPORT_STATUS_PROCESSING -> WorkspaceExportStatus.WORKSPACE_EXPORT_STATUS_RUNNING;
      case EXPORT_STATUS_COMPLETED -> WorkspaceExportStatus.WORKSPACE_EXPORT_STATUS_COMPLETED;
      case EXPORT_STATUS_FAILED, EXPORT_STATUS_CANCELLED ->
          WorkspaceExportStatus.WORKSPACE_EXPORT_STATUS_FAILED;
      case EXPORT_STATUS_UNSPECIFIED, UNRECOGNIZED ->
          throw new IllegalStateException("a stored job has no status");
    };
  }

  /** {@code pending}, {@code running}, {@code completed} or {@code failed}. */
  static String wireStatus(ExportStatus status) {
    return status(status)
        .name()
        .substring("WORKSPACE_EXPORT_STATUS_".length())
        .toLowerCase(Locale.ROOT);
  }

  private static void requireAdmin(Caller caller) {
    if (!caller.role().mayExport()) {
      throw new ApiException(
          ErrorCode.PERMISSION_DENIED,
          "this API key's role ("
              + caller.role()
              + ") cannot start or download workspace exports; an ADMIN key can");
    }
  }
}
