package io.dataexport.archive;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;

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

  /** A link that lets whoever holds it download the archive until it expires. */
  SignedLink sign(String objectName, Duration validity);

  void delete(String objectName) throws IOException;

  /**
   * Deletes uploads nobody wrote to since {@code idleSince}: their writer died before it committed
   * or discarded them. Never touches a committed archive.
   */
  void deleteAbandonedUploads(Instant idleSince) throws IOException;

  /** Throws when archives cannot be stored now (directory not writable, bucket out of reach). */
  void checkReachable() throws IOException;
}
