package io.dataexport.archive;

import java.io.IOException;
import java.io.OutputStream;

/** An archive being written; see {@link ArchiveStore#beginUpload(String)}. */
public interface ArchiveUpload extends AutoCloseable {

  /** Where the archive's bytes go. Not to be closed by the caller: commit or close the upload. */
  OutputStream stream();

  /** Makes the archive visible under its name and returns its size in bytes. */
  long commit() throws IOException;

  /** Discards the upload unless it was committed. */
  @Override
  void close() throws IOException;
}
