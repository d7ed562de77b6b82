package io.dataexport.worker.archive;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.commons.compress.parallel.ScatterGatherBackingStore;

/**
 * The spool's one file on local disk, written and read through buffers. commons-compress hands its
 * backing store the compressor's output 4 KiB at a time, and its own file store makes a system call
 * for each: a file-heavy archive's stored entries then spent longer in those calls than in the
 * digest (docs/benchmarks.md, "Fewer system calls to the spool"). Deleted on {@link #close}.
 */
final class SpoolFile implements ScatterGatherBackingStore {

  /** Per direction; 1 MiB was no faster in the file-heavy benchmark, and an export holds both. */
  private static final int BUFFER_BYTES = 1 << 18;

  private final Path path;
  private final OutputStream out;
  private boolean closedForWriting;

  SpoolFile(Path path) throws IOException {
    this.path = path;
    this.out = new BufferedOutputStream(Files.newOutputStream(path), BUFFER_BYTES);
  }

  @Override
  public void writeOut(byte[] data, int offset, int length) throws IOException {
    out.write(data, offset, length);
  }

  @Override
  public void closeForWriting() throws IOException {
    if (!closedForWriting) {
      closedForWriting = true;
      out.close();
    }
  }

  @Override
  public InputStream getInputStream() throws IOException {
    return new BufferedInputStream(Files.newInputStream(path), BUFFER_BYTES);
  }

  @Override
  public void close() throws IOException {
    try {
      closeForWriting();
    } finally {
      Files.deleteIfExists(path);
    }
  }
}
