package io.dataexport.export;

import io.dataexport.api.v1.EnterpriseExportScope;
import io.dataexport.api.v1.ExportStatus;
import io.dataexport.export.ExportJob.ArchiveRef;
import io.dataexport.export.ExportJob.ExportFilters;
import io.dataexport.export.ExportJob.FailedAttempt;
import io.dataexport.export.ExportJob.Failure;
import io.dataexport.export.ExportJob.Lease;
import io.dataexport.export.ExportJob.Progress;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Builds {@link ExportJob}s for tests: {@code ExportJobs.aPendingJob().forUser("u1").build()}. Each
 * builder gets a uid of its own. Times are whole milliseconds, as MongoDB stores them. The builder
 * sets exactly what it is told: a PROCESSING job needs its {@link Builder#attempt attempt} and
 * {@link Builder#lease lease} too, as a claim would have left them.
 */
public final class ExportJobs {

  public static final String ENTERPRISE = "ent_acme";
  public static final String USER = "usr_ada";

  /** When the default job was created. */
  public static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");

  private static final AtomicInteger SEQUENCE = new AtomicInteger();

  private ExportJobs() {}

  public static Builder aPendingJob() {
    return new Builder();
  }

  public static final class Builder {
    private String uid = String.format("exp_%06d", SEQUENCE.incrementAndGet());
    private String enterpriseUid = ENTERPRISE;
    private String userId = USER;
    private ExportStatus status = ExportStatus.EXPORT_STATUS_PENDING;
    private EnterpriseExportScope scope = EnterpriseExportScope.ENTERPRISE_EXPORT_SCOPE_TASKS;
    private boolean includeDeleted;
    private boolean includeFiles = true;
    private Instant startTime;
    private Instant endTime;
    private List<String> sessionIds = List.of();
    private List<String> webdevProjectUids = List.of();
    private List<String> projectUids = List.of();
    private String reason = "legal hold";
    private String requestedByKeyId = "key_admin";
    private String requestId = "req_" + uid;
    private Instant createdAt = T0;
    private Instant updatedAt;
    private Instant startedAt;
    private Instant finishedAt;
    private ArchiveRef archive;
    private int attempt;
    private Lease lease;
    private Progress progress;
    private List<FailedAttempt> failedAttempts = List.of();
    private Failure failure;
    private boolean legalHold;
    private JobKind kind = JobKind.USER_DATA;

    private Builder() {}

    public Builder uid(String uid) {
      this.uid = uid;
      return this;
    }

    public Builder forEnterprise(String enterpriseUid) {
      this.enterpriseUid = enterpriseUid;
      return this;
    }

    public Builder forUser(String userId) {
      this.userId = userId;
      return this;
    }

    public Builder status(ExportStatus status) {
      this.status = status;
      return this;
    }

    public Builder scope(EnterpriseExportScope scope) {
      this.scope = scope;
      return this;
    }

    public Builder includeDeleted(boolean includeDeleted) {
      this.includeDeleted = includeDeleted;
      return this;
    }

    public Builder includeFiles(boolean includeFiles) {
      this.includeFiles = includeFiles;
      return this;
    }

    public Builder between(Instant startTime, Instant endTime) {
      this.startTime = startTime;
      this.endTime = endTime;
      return this;
    }

    public Builder sessionIds(String... ids) {
      this.sessionIds = List.of(ids);
      return this;
    }

    public Builder webdevProjectUids(String... uids) {
      this.webdevProjectUids = List.of(uids);
      return this;
    }

    public Builder projectUids(String... uids) {
      this.projectUids = List.of(uids);
      return this;
    }

    public Builder reason(String reason) {
      this.reason = reason;
      return this;
    }

    public Builder requestedByKeyId(String keyId) {
      this.requestedByKeyId = keyId;
      return this;
    }

    public Builder requestId(String requestId) {
      this.requestId = requestId;
      return this;
    }

    /** Creation time; also the update time unless {@link #updatedAt} says otherwise. */
    public Builder createdAt(Instant createdAt) {
      this.createdAt = createdAt;
      return this;
    }

    public Builder updatedAt(Instant updatedAt) {
      this.updatedAt = updatedAt;
      return this;
    }

    public Builder startedAt(Instant startedAt) {
      this.startedAt = startedAt;
      return this;
    }

    public Builder finishedAt(Instant finishedAt) {
      this.finishedAt = finishedAt;
      return this;
    }

    public Builder archive(ArchiveRef archive) {
      this.archive = archive;
      return this;
    }

    /** How many times a worker claimed the job. */
    public Builder attempt(int attempt) {
      this.attempt = attempt;
      return this;
    }

    /** The worker holding the job, and until when. */
    public Builder lease(String workerId, Instant expiresAt) {
      this.lease = new Lease(workerId, expiresAt);
      return this;
    }

    public Builder progress(Progress progress) {
      this.progress = progress;
      return this;
    }

    public Builder failedAttempts(FailedAttempt... failedAttempts) {
      this.failedAttempts = List.of(failedAttempts);
      return this;
    }

    public Builder failure(String code, String message) {
      this.failure = new Failure(code, message);
      return this;
    }

    public Builder legalHold(boolean legalHold) {
      this.legalHold = legalHold;
      return this;
    }

    /** A whole-workspace export: no user, no scope or filters. */
    public Builder workspace() {
      this.kind = JobKind.WORKSPACE;
      this.userId = null;
      this.scope = ExportFilters.NONE.scope();
      this.includeFiles = false;
      return this;
    }

    public ExportJob build() {
      return new ExportJob(
          uid,
          enterpriseUid,
          userId,
          status,
          new ExportFilters(
              scope,
              includeDeleted,
              includeFiles,
              startTime,
              endTime,
              sessionIds,
              webdevProjectUids,
              projectUids),
          reason,
          requestedByKeyId,
          requestId,
          createdAt,
          updatedAt == null ? createdAt : updatedAt,
          startedAt,
          finishedAt,
          archive,
          attempt,
          lease,
          progress,
          failedAttempts,
          failure,
          legalHold,
          kind);
    }
  }
}
