package io.dataexport.worker.archive;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import java.util.zip.Deflater;
import org.apache.commons.compress.archivers.zip.ScatterZipOutputStream;
import org.apache.commons.compress.archivers.zip.StreamCompressor;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntryRequest;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;

/**
 * The archive's entries in their final, compressed form, in one file on local disk, while the
 * manifest that must precede them is not known yet. Each entry is read from its source once:
 * deflated (or stored) into the spool while its size and SHA-256 are taken, then copied raw into
 * the ZIP, never inflated again. So the spool holds what the archive will, never the uncompressed
 * export. Built on commons-compress's {@link ScatterZipOutputStream}, which keeps entries in the
 * order they were added. Not thread-safe: {@link EntryPipeline} adds one entry at a time from its
 * compressor thread.
 */
final class EntrySpool implements Closeable {

  private final SpoolFile file;
  private final ScatterZipOutputStream scatter;
  private final EntryTime time;

  /**
   * @param file where the compressed entries go (deleted on {@link #close})
   * @param modified the time every entry carries
   */
  EntrySpool(Path file, Instant modified) throws IOException {
    this.file = new SpoolFile(file);
    this.scatter =
        new ScatterZipOutputStream(
            this.file, StreamCompressor.create(Deflater.DEFAULT_COMPRESSION, this.file));
    this.time = new EntryTime(modified);
  }

  /** The entry's uncompressed size and digest. */
  record Written(String name, long bytes, String sha256) {}

  /** Reads {@code content} to its end (and closes it) into entry {@code name}. */
  void add(String name, int method, InputStream content) throws IOException {
    ZipArchiveEntry entry = new ZipArchiveEntry(name);
    entry.setMethod(method);
    time.stamp(entry);
    // handed over once: the spool keeps each entry's request until the end, not its stream
    AtomicReference<InputStream> once = new AtomicReference<>(content);
    scatter.addArchiveEntry(
        ZipArchiveEntryRequest.createZipArchiveEntryRequest(entry, () -> once.getAndSet(null)));
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
    scatter.writeTo(zip);
  }

  @Override
  public void close() throws IOException {
    scatter.close();
  }
}
