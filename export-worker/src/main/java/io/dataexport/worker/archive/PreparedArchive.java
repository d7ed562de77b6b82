package io.dataexport.worker.archive;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * An archive whose entries are all spooled and whose manifest is known: ready to be written, once.
 * Closing it deletes the spool.
 */
public final class PreparedArchive implements SpooledArchive {

  private final Manifest manifest;
  private final ManifestSigner signer;
  private final EntrySpool entries;
  private final Path spool;

  PreparedArchive(Manifest manifest, ManifestSigner signer, EntrySpool entries, Path spool) {
    this.manifest = manifest;
    this.signer = signer;
    this.entries = entries;
    this.spool = spool;
  }

  public Manifest manifest() {
    return manifest;
  }

  /**
   * Streams the ZIP — manifest first (then its signature, when manifests are signed), then the
   * spooled entries as they are — to {@code out}.
   */
  @Override
  public void writeTo(OutputStream out) throws IOException {
    ArchiveZip.write(manifest, signer, entries, out);
  }

  @Override
  public void close() throws IOException {
    try {
      entries.close();
    } finally {
      deleteRecursively(spool);
    }
  }

  static void deleteRecursively(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not clean spool directory " + dir, e);
    }
  }
}
