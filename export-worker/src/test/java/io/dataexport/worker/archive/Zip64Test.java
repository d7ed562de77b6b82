package io.dataexport.worker.archive;

import static io.dataexport.api.v1.EnterpriseExportScope.ENTERPRISE_EXPORT_SCOPE_TASKS_WITH_ATTACHMENTS;
import static org.assertj.core.api.Assertions.assertThat;

import io.dataexport.export.ExportJob;
import io.dataexport.export.ExportJobs;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ZIP64: an archive with more entries than the classic format counts (every suite run), and one
 * with an entry over 4 GiB and a size over 4 GiB (tag {@code benchmark}: 8 GiB of disk and minutes
 * of CPU, run with {@code -Pbenchmarks}); each opened by {@code unzip} and Python's zipfile.
 */
class Zip64Test {

  private static final long FOUR_GIB = 4L << 30;
  private static final ExportJob JOB =
      ExportJobs.aPendingJob().scope(ENTERPRISE_EXPORT_SCOPE_TASKS_WITH_ATTACHMENTS).build();

  @TempDir Path dir;

  @Test
  void moreThan65535EntriesOpenWithUnzipAndPython() throws Exception {
    int files = 70_000;
    InMemorySource source = ArchiveEntriesTest.sessionsAndFileInfo("ses_1");
    for (int i = 0; i < files; i++) {
      source.file(
          "fil_" + i, "ses_1", "f" + i + ".txt", ("file " + i).getBytes(StandardCharsets.UTF_8));
    }
    Path archive = dir.resolve("many.zip");

    ArchiveFiles.write(source, JOB, 100_000, dir.resolve("spool"), archive);

    int entries = files + 3; // manifest, user.json, session_info.json
    assertUnzipTestsIt(archive);
    assertPythonReads(archive, entries, "files/ses_1/f69999.txt", "file 69999".length());
  }

  @Test
  @Tag("benchmark")
  void anEntryOver4GiBAndAnArchiveOver4GiBOpenWithUnzipAndPython() throws Exception {
    long zeros = FOUR_GIB + (1 << 20);
    long stored = FOUR_GIB + (3 << 20);
    byte[] pool = new byte[1 << 20];
    new Random(5).nextBytes(pool);
    InMemorySource source =
        ArchiveEntriesTest.sessionsAndFileInfo("ses_1")
            .file("fil_0", "ses_1", "zeros.bin", zeros, () -> new Pattern(new byte[1 << 16], zeros))
            .file("fil_1", "ses_1", "video.mp4", stored, () -> new Pattern(pool, stored))
            // its local header lies past 4 GiB
            .file("fil_2", "ses_1", "after.txt", 5, bytes("after"));
    Path archive = dir.resolve("huge.zip");

    Manifest manifest = ArchiveFiles.write(source, JOB, 1000, dir.resolve("spool"), archive);

    assertThat(Files.size(archive)).isGreaterThan(FOUR_GIB);
    assertThat(manifest.files()).extracting(FileEntry::bytes).containsExactly(zeros, stored, 5L);
    assertUnzipTestsIt(archive);
    assertPythonReads(archive, 6, "files/ses_1/zeros.bin", zeros);
    assertPythonReads(archive, 6, "files/ses_1/after.txt", 5);
  }

  private void assertUnzipTestsIt(Path archive) throws Exception {
    ArchiveFiles.Run unzip = ArchiveFiles.run(dir, "unzip", "-tq", archive.toString());
    assertThat(unzip.exitCode()).as(unzip.output()).isZero();
    assertThat(unzip.output()).contains("No errors detected");
  }

  /** Python lists {@code entries} entries, and reads {@code name} whole, CRC checked. */
  private void assertPythonReads(Path archive, int entries, String name, long size)
      throws Exception {
    String script =
        String.join(
            "\n",
            "import sys, zipfile",
            "z = zipfile.ZipFile(sys.argv[1])",
            "n, read = 0, 0",
            "with z.open(sys.argv[2]) as f:",
            "    while True:",
            "        b = f.read(1 << 20)",
            "        if not b: break",
            "        read += len(b)",
            "print(len(z.infolist()), z.getinfo(sys.argv[2]).file_size, read)");
    ArchiveFiles.Run python =
        ArchiveFiles.run(dir, "python3", "-c", script, archive.toString(), name);
    assertThat(python.exitCode()).as(python.output()).isZero();
    assertThat(python.output().trim()).isEqualTo(entries + " " + size + " " + size);
  }

  private static Supplier<InputStream> bytes(String text) {
    return () -> new java.io.ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
  }

  /** {@code length} bytes of {@code pool} over and over: a cheap stream of any size. */
  private static final class Pattern extends InputStream {
    private final byte[] pool;
    private long remaining;
    private int position;

    Pattern(byte[] pool, long length) {
      this.pool = pool;
      this.remaining = length;
    }

    @Override
    public int read() {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (remaining == 0) {
        return -1;
      }
      int n = (int) Math.min(Math.min(len, remaining), pool.length - position);
      System.arraycopy(pool, position, b, off, n);
      position = (position + n) % pool.length;
      remaining -= n;
      return n;
    }
  }
}
