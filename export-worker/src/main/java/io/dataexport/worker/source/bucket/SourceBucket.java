package io.dataexport.worker.source.bucket;

import java.io.IOException;
import java.io.InputStream;

/**
 * The platform's bucket of attached files and skill archives, read-only: an object is opened as a
 * stream and copied into the archive as it is read, never held whole in memory. {@code
 * dataexport.source.store} picks the implementation ({@code filesystem} or {@code gcs}).
 */
public interface SourceBucket {

  /**
   * Opens {@code objectName}'s bytes.
   *
   * @throws java.nio.file.NoSuchFileException when the bucket holds no such object
   */
  InputStream open(String objectName) throws IOException;
}
