package io.dataexport.worker.archive;

import io.dataexport.archive.ArchiveLayout;
import io.dataexport.event.EventJson;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.attribute.FileTime;
import org.apache.commons.compress.archivers.zip.Zip64Mode;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;

/**
 * Lays out the final ZIP on the store's stream: the manifest first, then the spooled entries copied
 * as they are. Names are written in UTF-8 with the language-encoding flag, and ZIP64 records are
 * added wherever a size or offset needs them (entries or archives over 4 GiB, over 65,535 entries).
 */
final class ArchiveZip {

  private ArchiveZip() {}

  /** Writes the archive to {@code out}, which stays open. */
  static void write(Manifest manifest, EntrySpool entries, OutputStream out) throws IOException {
    try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(new KeepOpen(out))) {
      zip.setUseZip64(Zip64Mode.AsNeeded);
      zip.setEncoding(StandardCharsets.UTF_8.name());
      zip.setUseLanguageEncodingFlag(true);
      byte[] json = EventJson.write(manifest).getBytes(StandardCharsets.UTF_8);
      ZipArchiveEntry entry = new ZipArchiveEntry(ArchiveLayout.MANIFEST);
      entry.setMethod(ZipArchiveEntry.DEFLATED);
      entry.setSize(json.length); // known, so the entry needs no ZIP64 guesswork
      entry.setLastModifiedTime(FileTime.from(manifest.generatedAt()));
      zip.putArchiveEntry(entry);
      zip.write(json);
      zip.closeArchiveEntry();
      entries.writeTo(zip);
      zip.finish();
    }
    out.flush();
  }

  /** The caller owns the store's stream: closing the ZIP must not close it. */
  private static final class KeepOpen extends FilterOutputStream {
    KeepOpen(OutputStream out) {
      super(out);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
    }

    @Override
    public void close() throws IOException {
      out.flush();
    }
  }
}
