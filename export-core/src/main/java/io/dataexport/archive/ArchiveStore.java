package io.dataexport.archive;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Where finished export archives live. Chosen by {@code dataexport.archive.store}: {@code gcs}
 * (Google Cloud Storage) or {@code filesystem} (the embedded default).
 */
public interface ArchiveStore {

  /**
   * Starts writing an archive. Nothing is visible under {@code objectName} until {@link
   * ArchiveUpload#commit()}; closing an upload that was not committed discards it.
   */
  ArchiveUpload beginUpload(String objectName) throws IOException;

  /**
   * A link that lets whoever holds it download the archive until it expires. It leads through the
   * gateway ({@link DownloadLinks}), which audits each download before it serves one.
   */
  SignedLink sign(String objectName, Duration validity);

  /** Whether an archive is stored under {@code objectName}. */
  boolean exists(String objectName) throws IOException;

  /** The archive's bytes as they were written (decrypted, where the store encrypts them). */
  InputStream read(String objectName) throws IOException;

  /**
   * A link straight to the storage that the gateway may redirect a checked download to, valid for
   * {@code validity}; empty when the gateway must stream the archive itself.
   */
  default Optional<URI> storageLink(String objectName, Duration validity) {
    return Optional.empty();
  }

  void delete(String objectName) throws IOException;

  /**
   * Deletes uploads nobody wrote to since {@code idleSince}: their writer died before it committed
   * or discarded them. Never touches a committed archive.
   */
  void deleteAbandonedUploads(Instant idleSince) throws IOException;

  /** Throws when archives cannot be stored now (directory not writable, bucket out of reach). */
  void checkReachable() throws IOException;
}
