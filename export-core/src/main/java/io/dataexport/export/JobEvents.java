package io.dataexport.export;

import io.dataexport.event.AuditEvent;
import io.dataexport.event.EventJson;
import io.dataexport.event.ExportRequested;
import io.dataexport.event.JobOperation;
import io.dataexport.outbox.OutboxMessage;
import io.dataexport.outbox.OutboxTopic;
import io.dataexport.outbox.OutboxTracing;
import java.time.Instant;
import java.util.UUID;

/** The events a job's state change announces, as outbox messages written with the change. */
public class JobEvents {

  private final String source;
  private final OutboxTracing tracing;

  /** Events that keep no trace. */
  public JobEvents(String source) {
    this(source, OutboxTracing.NONE);
  }

  /**
   * @param source the CloudEvents source of the audit events, {@code /dataexport/<service>}
   * @param tracing keeps the trace of the call or export that writes an event with it
   */
  public JobEvents(String source, OutboxTracing tracing) {
    this.source = source;
    this.tracing = tracing;
  }

  /** The audit event of a state change; {@code job} is the job as the change leaves it. */
  public OutboxMessage audit(ExportJob job, JobOperation operation, Instant at, Detail detail) {
    String id = UUID.randomUUID().toString();
    AuditEvent event =
        AuditEvent.of(
            id,
            source,
            at,
            AuditEvent.Data.forJob(
                job,
                operation,
                detail.outcome(),
                detail.errorCode(),
                detail.actorKeyId(),
                detail.reason(),
                detail.archive()));
    return new OutboxMessage(
        id,
        OutboxTopic.AUDIT,
        job.enterpriseUid(),
        EventJson.write(event),
        tracing.currentTraceparent());
  }

  /** The request a worker acts on: the job is PENDING and needs one. */
  public OutboxMessage requested(ExportJob job) {
    ExportRequested event =
        ExportRequested.of(job.subject(), job.uid(), job.requestId(), job.createdAt());
    return new OutboxMessage(
        UUID.randomUUID().toString(),
        OutboxTopic.EXPORT_REQUESTED,
        event.key(),
        EventJson.write(event),
        tracing.currentTraceparent());
  }

  /**
   * What the audit event says beyond the job itself.
   *
   * @param archive the archive a completion stored, null for every other change
   */
  public record Detail(
      String outcome,
      String errorCode,
      String actorKeyId,
      String reason,
      ExportJob.ArchiveRef archive) {

    public static Detail succeeded() {
      return new Detail("succeeded", null, null, null, null);
    }

    /** A completion: the event names the stored archive's SHA-256 and size. */
    public static Detail completed(ExportJob.ArchiveRef archive) {
      return new Detail("succeeded", null, null, null, archive);
    }

    public static Detail by(String actorKeyId, String reason) {
      return new Detail("succeeded", null, actorKeyId, reason, null);
    }

    public static Detail because(String reason) {
      return new Detail("succeeded", null, null, reason, null);
    }

    public static Detail failed(String errorCode, String reason) {
      return new Detail("failed", errorCode, null, reason, null);
    }
  }
}
