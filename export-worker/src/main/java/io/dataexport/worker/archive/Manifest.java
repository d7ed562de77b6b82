package io.dataexport.worker.archive;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.dataexport.export.ExportJob;
import java.time.Instant;
import java.util.List;

/**
 * {@code manifest.json}, the archive's first entry: the coverage manifest of
 * reference/workspace-export.txt — every section with its record count, whether a cap cut it and
 * how many records it left out, its bytes and SHA-256; every file with its path, size and SHA-256 —
 * and the request's scope and filters. Every entry of the archive but the manifest itself is
 * listed, so the archive can be checked against it (docs/archive-format.md).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Manifest(
    @JsonProperty("format_version") int formatVersion,
    @JsonProperty("export_uid") String exportUid,
    @JsonProperty("enterprise_uid") String enterpriseUid,
    @JsonProperty("user_id") String userId,
    @JsonProperty("generated_at") Instant generatedAt,
    Request request,
    List<SectionSummary> sections,
    List<FileEntry> files,
    @JsonProperty("excluded") List<String> excluded) {

  public static final int FORMAT_VERSION = 2;

  /** Never in any archive, whatever the scope. */
  public static final List<String> ALWAYS_EXCLUDED =
      List.of("password hashes", "API keys", "access and refresh tokens", "credentials");

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Request(
      String scope,
      @JsonProperty("include_deleted") boolean includeDeleted,
      @JsonProperty("include_files") boolean includeFiles,
      @JsonProperty("start_time") Instant startTime,
      @JsonProperty("end_time") Instant endTime,
      @JsonProperty("session_ids") List<String> sessionIds,
      @JsonProperty("webdev_project_uids") List<String> webdevProjectUids,
      @JsonProperty("project_uids") List<String> projectUids,
      String reason) {

    static Request of(ExportJob job) {
      ExportJob.ExportFilters f = job.filters();
      return new Request(
          f.scope().name(),
          f.includeDeleted(),
          f.includeFiles(),
          f.startTime(),
          f.endTime(),
          f.sessionIds(),
          f.webdevProjectUids(),
          f.projectUids(),
          job.reason());
    }
  }
}
