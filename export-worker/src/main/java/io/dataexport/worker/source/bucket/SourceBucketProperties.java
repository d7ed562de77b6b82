package io.dataexport.worker.source.bucket;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the platform keeps attached files and skill archives ({@code DATAEXPORT_SOURCE_*}
 * overrides), configured like the archive store.
 *
 * @param store {@code filesystem} or {@code gcs}
 */
@ConfigurationProperties("dataexport.source")
public record SourceBucketProperties(
    @DefaultValue("filesystem") String store,
    @DefaultValue Filesystem filesystem,
    @DefaultValue Gcs gcs) {

  /**
   * @param directory the bucket's root: object {@code a/b} is the file {@code <directory>/a/b}
   */
  public record Filesystem(@DefaultValue("data/source-files") Path directory) {}

  /**
   * @param bucket the bucket the platform writes files to
   * @param projectId the Google Cloud project; empty means the client library's default
   * @param host another endpoint than Google's, without credentials: a GCS emulator; empty means
   *     Google Cloud Storage itself
   */
  public record Gcs(String bucket, String projectId, String host) {}
}
