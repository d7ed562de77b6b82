package io.dataexport.worker.archive;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.Deflater;
import org.apache.commons.compress.archivers.zip.StreamCompressor;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.apache.commons.io.input.BoundedInputStream;

/**
 * The archive's entries in their final, compressed form, in one file on local disk, while the
 * manifest that must precede them is not known yet. Each entry is read from its source once:
 * deflated (or stored) into the spool while its size and SHA-256 are taken, then copied raw into
 * the ZIP, never inflated again. So the spool holds what the archive will, never the uncompressed
 * export. Not thread-safe: {@link EntryPipeline} adds one entry at a time from its compressor
 * thread.
 *
 * <p>commons-compress's {@code ScatterZipOutputStream} does the same with the same two parts (its
 * {@link StreamCompressor} and {@link ZipArchiveOutputStream#addRawArchiveEntry}), but keeps a
 * whole {@link ZipArchiveEntry} and its request per entry until it is closed, while the ZIP keeps
 * another for its central directory; here an entry is five fields until the ZIP is written, which
 * halved what an export holds per file (docs/benchmarks.md, "Memory per archive entry").
 */
final class EntrySpool implements Closeable {

  private final SpoolFile file;
  private final StreamCompressor compressor;
  private final EntryTime time;
  private final List<Spooled> entries = new ArrayList<>();

  /** What the ZIP's headers need of one entry, in the order entries were added. */
  private record Spooled(String name, int method, long crc, long compressedBytes, long bytes) {}

  /**
   * @param file where the compressed entries go (deleted on {@link #close})
   * @param modified the time every entry carries
   */
  EntrySpool(Path file, Instant modified) throws IOException {
    this.file = new SpoolFile(file);
    this.compressor = StreamCompressor.create(Deflater.DEFAULT_COMPRESSION, this.file);
    this.time = new EntryTime(modified);
  }

  /** The entry's uncompressed size and digest. */
  record Written(String name, long bytes, String sha256) {}

  /** Reads {@code content} to its end (and closes it) into entry {@code name}. */
  void add(String name, int method, InputStream content) throws IOException {
    try (content) {
      compressor.deflate(content, method);
    }
    entries.add(
        new Spooled(
            name,
            method,
            compressor.getCrc32(),
            compressor.getBytesWrittenForLastEntry(),
            compressor.getBytesRead()));
  }

  /**
   * Writes out what the spool's buffer still holds, once the last entry is added: a full disk then
   * fails the export before its upload begins, not midway through it.
   */
  void finishWriting() throws IOException {
    file.closeForWriting();
  }

  /** Appends every entry, in the order added, to {@code zip} without recompressing it. */
  void writeTo(ZipArchiveOutputStream zip) throws IOException {
    finishWriting();
    try (InputStream spooled = file.getInputStream()) {
      for (Spooled added : entries) {
        ZipArchiveEntry entry = new ZipArchiveEntry(added.name());
        entry.setMethod(added.method());
        time.stamp(entry);
        entry.setCrc(added.crc());
        entry.setCompressedSize(added.compressedBytes());
        entry.setSize(added.bytes());
        zip.addRawArchiveEntry(
            entry,
            BoundedInputStream.builder()
                .setInputStream(spooled)
                .setMaxCount(added.compressedBytes())
                .setPropagateClose(false)
                .get());
      }
    }
  }

  @Override
  public void close() throws IOException {
    try {
      compressor.close();
    } finally {
      file.close();
    }
  }
}
