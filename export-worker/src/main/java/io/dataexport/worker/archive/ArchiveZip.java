package io.dataexport.worker.archive;

import io.dataexport.archive.ArchiveLayout;
import io.dataexport.archive.KeepOpenOutputStream;
import io.dataexport.event.EventJson;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
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

  /**
   * Writes the archive to {@code out}, which stays open; with a {@code signer}, the manifest's
   * signature is the second entry.
   */
  static void write(Manifest manifest, ManifestSigner signer, EntrySpool entries, OutputStream out)
      throws IOException {
    try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(new KeepOpenOutputStream(out))) {
      zip.setUseZip64(Zip64Mode.AsNeeded);
      zip.setEncoding(StandardCharsets.UTF_8.name());
      zip.setUseLanguageEncodingFlag(true);
      byte[] json = EventJson.write(manifest).getBytes(StandardCharsets.UTF_8);
      EntryTime time = new EntryTime(manifest.generatedAt());
      putSmall(zip, ArchiveLayout.MANIFEST, json, time);
      if (signer != null) {
        byte[] signature = EventJson.write(signer.sign(json)).getBytes(StandardCharsets.UTF_8);
        putSmall(zip, ArchiveLayout.MANIFEST_SIGNATURE, signature, time);
      }
      entries.writeTo(zip);
      zip.finish();
    }
    out.flush();
  }

  private static void putSmall(
      ZipArchiveOutputStream zip, String name, byte[] content, EntryTime time) throws IOException {
    ZipArchiveEntry entry = new ZipArchiveEntry(name);
    entry.setMethod(ZipArchiveEntry.DEFLATED);
    entry.setSize(content.length); // known, so the entry needs no ZIP64 guesswork
    time.stamp(entry);
    zip.putArchiveEntry(entry);
    zip.write(content);
    zip.closeArchiveEntry();
  }
}
