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
    @DefaultValue Links links,
    @DefaultValue Filesystem filesystem,
    @DefaultValue Gcs gcs) {

  /**
   * The gateway's download links, whatever the store.
   *
   * @param publicBaseUrl the gateway's address as clients reach it; links point at its download
   *     route
   * @param signingKey HMAC key of the links, at least 32 characters; the gateway needs it
   */
  public record Links(@DefaultValue("http://localhost:8080") URI publicBaseUrl, String signingKey) {

    @Override
    public String toString() {
      // the record's own toString would print the key wherever properties are logged
      return "Links[publicBaseUrl=" + publicBaseUrl + "]";
    }
  }

  /**
   * @param directory where archives are written
   * @param encryptionKeyset a Tink JSON keyset (streaming AEAD, AES-256-GCM-HKDF) that encrypts
   *     archives at rest; gateway and workers must share it; empty stores archives unencrypted
   */
  public record Filesystem(@DefaultValue("data/archives") Path directory, String encryptionKeyset) {

    @Override
    public String toString() {
      // the record's own toString would print the keyset wherever properties are logged
      return "Filesystem[directory=" + directory + "]";
    }
  }

  /**
   * @param bucket the bucket archives are written to
   * @param projectId the Google Cloud project; empty means the client library's default
   * @param host another endpoint than Google's, without credentials: a GCS emulator such as
   *     fake-gcs-server ({@code http://fake-gcs:4443}); empty means Google Cloud Storage itself
   * @param download {@code redirect}: the gateway sends a checked download on to a V4 signed URL
   *     valid under a minute (needs a service account that may sign); {@code proxy}: the gateway
   *     streams the object itself. Default: {@code proxy} with an emulator {@code host}, else
   *     {@code redirect}
   * @param kmsKeyName a Cloud KMS key ({@code projects/…/locations/…/keyRings/…/cryptoKeys/…}) that
   *     encrypts the archives at rest instead of Google's own key; empty means Google's
   */
  public record Gcs(
      String bucket, String projectId, String host, String download, String kmsKeyName) {

    /** Whether downloads are redirected to the bucket rather than streamed by the gateway. */
    public boolean redirectsDownloads() {
      if (download == null || download.isBlank()) {
        return host == null || host.isBlank();
      }
      if (!download.equals("redirect") && !download.equals("proxy")) {
        throw new IllegalArgumentException(
            "dataexport.archive.gcs.download must be redirect or proxy, not '" + download + "'");
      }
      return download.equals("redirect");
    }
  }
}
