package io.dataexport.worker.archive;

import java.time.Instant;
import org.apache.commons.compress.archivers.zip.X5455_ExtendedTimestamp;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipLong;

/**
 * The modification time every entry of one archive carries: when the archive was generated, in two
 * forms: DOS time, which every reader knows (in the worker's time zone, in two-second steps), and
 * Info-ZIP's extended timestamp, UTC to the second, which {@code unzip} restores and
 * commons-compress and Java's {@code ZipFile} read back.
 *
 * <p>Not commons-compress's {@code setLastModifiedTime}: it adds an NTFS timestamp as well, and
 * each entry then kept both fields and three {@code FileTime}s until the archive was written, a
 * fifth of what the writer held per file (docs/benchmarks.md, "Memory per archive entry").
 */
final class EntryTime {

  private final long javaTime;
  private final ZipLong unixSeconds; // immutable, so every entry's timestamp shares it

  EntryTime(Instant generatedAt) {
    this.javaTime = generatedAt.toEpochMilli();
    this.unixSeconds = new ZipLong(generatedAt.getEpochSecond());
  }

  void stamp(ZipArchiveEntry entry) {
    entry.setTime(javaTime);
    X5455_ExtendedTimestamp utc = new X5455_ExtendedTimestamp();
    utc.setModifyTime(unixSeconds);
    entry.addExtraField(utc);
  }
}
