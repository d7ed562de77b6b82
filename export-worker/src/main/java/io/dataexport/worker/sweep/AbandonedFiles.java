package io.dataexport.worker.sweep;

import io.dataexport.archive.ArchiveStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * Deletes what a killed worker left behind: partial uploads in the archive store and spool
 * directories on local disk that nothing wrote to for {@code abandoned-after}.
 */
public class AbandonedFiles {

  private static final Logger log = LoggerFactory.getLogger(AbandonedFiles.class);

  private final ArchiveStore archives;
  private final Path spoolRoot;
  private final Duration abandonedAfter;
  private final Clock clock;

  public AbandonedFiles(
      ArchiveStore archives, Path spoolRoot, Duration abandonedAfter, Clock clock) {
    this.archives = archives;
    this.spoolRoot = spoolRoot;
    this.abandonedAfter = abandonedAfter;
    this.clock = clock;
  }

  @Scheduled(initialDelay = 0, fixedDelayString = "${dataexport.worker.sweep-interval:30s}")
  public void run() {
    Instant idleSince = clock.instant().minus(abandonedAfter);
    SweepTasks.guarded("abandoned uploads", () -> archives.deleteAbandonedUploads(idleSince));
    SweepTasks.guarded("abandoned spool", () -> deleteIdleSpoolDirectories(idleSince));
  }

  void deleteIdleSpoolDirectories(Instant idleSince) throws IOException {
    if (!Files.isDirectory(spoolRoot)) {
      return;
    }
    try (Stream<Path> exports = Files.list(spoolRoot)) {
      for (Path spool : exports.toList()) {
        if (lastWrite(spool).isBefore(idleSince)) {
          deleteTree(spool);
          log.info("deleted abandoned spool {}", spool.getFileName());
        }
      }
    }
  }

  private static Instant lastWrite(Path tree) throws IOException {
    try (Stream<Path> paths = Files.walk(tree)) {
      return paths
          .map(AbandonedFiles::modified)
          .max(Comparator.naturalOrder())
          .orElse(Instant.EPOCH);
    } catch (UncheckedIOException | NoSuchFileException e) {
      // a file vanished while we walked: a running export is cleaning its spool up
      return Instant.MAX;
    }
  }

  private static Instant modified(Path path) {
    try {
      FileTime time = Files.getLastModifiedTime(path);
      return time.toInstant();
    } catch (IOException e) {
      return Instant.MAX; // vanished or unreadable: someone is busy with it
    }
  }

  private static void deleteTree(Path tree) throws IOException {
    try (Stream<Path> paths = Files.walk(tree)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }
}
