package io.dataexport.archive;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Which archive store to use and how to reach it ({@code DATAEXPORT_ARCHIVE_*} overrides).
 *
 * @param store {@code filesystem} or {@code gcs}
 * @param retention how long a finished archive is kept (reference: 30 days)
 * @param linkValidity how long a signed download link works (reference: 10 minutes)
 */
@ConfigurationProperties("dataexport.archive")
public record ArchiveStoreProperties(
    @DefaultValue("filesystem") String store,
    @DefaultValue("30d") Duration retention,
    @DefaultValue("10m") Duration linkValidity,
    @DefaultValue Filesystem filesystem,
    @DefaultValue Gcs gcs) {

  /**
   * @param directory where archives are written
   * @param publicBaseUrl the gateway's address as clients reach it; links point at its download
   *     route
   * @param signingKey HMAC key for download links; gateway and workers must share it
   * @param encryptionKeyset a Tink JSON keyset (streaming AEAD, AES-256-GCM-HKDF) that encrypts
   *     archives at rest; gateway and workers must share it; empty stores archives unencrypted
   */
  public record Filesystem(
      @DefaultValue("data/archives") Path directory,
      @DefaultValue("http://localhost:8080") URI publicBaseUrl,
      String signingKey,
      String encryptionKeyset) {

    @Override
    public String toString() {
      // the record's own toString would print both secrets wherever properties are logged
      return "Filesystem[directory=" + directory + ", publicBaseUrl=" + publicBaseUrl + "]";
    }
  }

  /**
   * @param bucket the bucket archives are written to
   * @param projectId the Google Cloud project; empty means the client library's default
   * @param host another endpoint than Google's, without credentials: a GCS emulator such as
   *     fake-gcs-server ({@code http://fake-gcs:4443}); empty means Google Cloud Storage itself
   * @param kmsKeyName a Cloud KMS key ({@code projects/…/locations/…/keyRings/…/cryptoKeys/…}) that
   *     encrypts the archives at rest instead of Google's own key; empty means Google's
   */
  public record Gcs(String bucket, String projectId, String host, String kmsKeyName) {}
}
