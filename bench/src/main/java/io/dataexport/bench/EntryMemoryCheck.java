package io.dataexport.bench;

import io.dataexport.worker.archive.ExportArchiveWriter;
import io.dataexport.worker.archive.WriteProgress;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

/**
 * What the writer holds per archive entry: exports of many small attached files (1 KiB, one
 * session) from {@link SyntheticSource}, the live heap (right after forced full collections) before
 * the export, once every file is spooled, and when the ZIP's central directory is being written
 * (every entry's ZIP record is held then). The ZIP goes to a discarding sink. Prints a Markdown
 * table.
 *
 * <pre>
 * java -Xmx1g -cp bench/target/benchmarks.jar io.dataexport.bench.EntryMemoryCheck [files ...]
 * </pre>
 */
public final class EntryMemoryCheck {

  private static final int FILE_BYTES = 1024;

  private EntryMemoryCheck() {}

  public static void main(String[] args) throws Exception {
    System.out.println(
        "| files | live heap before | files spooled | per file | central directory | per file |");
    System.out.println("| --- | --- | --- | --- | --- | --- |");
    String[] counts = args.length > 0 ? args : new String[] {"5000", "20000", "80000"};
    for (String count : counts) {
      measure(Integer.parseInt(count));
    }
  }

  private static void measure(int files) throws Exception {
    Path spool = Files.createTempDirectory("entry-memory");
    SyntheticSource source =
        new SyntheticSource(
            new SyntheticSource.Shape("many-files", 1, 1, 10, files, FILE_BYTES, "jpg"));
    ExportArchiveWriter writer =
        new ExportArchiveWriter(source, Long.MAX_VALUE, spool, Clock.systemUTC());
    long before = liveHeap();
    long[] spooled = {0};
    long[] centralDirectory = {0};
    WriteProgress progress =
        new WriteProgress() {
          private int planned;
          private int done;

          @Override
          public void sectionsPlanned(int sections) {
            planned = sections;
          }

          @Override
          public void recordWritten() {}

          @Override
          public void sectionDone() {
            if (++done == planned) { // the files come last
              spooled[0] = liveHeap();
            }
          }
        };
    OutputStream sink =
        new OutputStream() {
          @Override
          public void write(int b) {}

          @Override
          public void write(byte[] b, int off, int len) {
            if (centralDirectory[0] == 0 && startsCentralDirectory(b, off, len)) {
              centralDirectory[0] = liveHeap();
            }
          }
        };
    writer.write(BenchData.fullExport(), sink, progress);
    ArchiveThroughput.deleteRecursively(spool);
    System.out.printf(
        "| %,d | %.1f MiB | %.1f MiB | %,.0f B | %.1f MiB | %,.0f B |%n",
        files,
        mib(before),
        mib(spooled[0]),
        (spooled[0] - before) / (double) files,
        mib(centralDirectory[0]),
        (centralDirectory[0] - before) / (double) files);
  }

  /** A central directory file header's signature, PK\1\2, at the start of a write. */
  private static boolean startsCentralDirectory(byte[] b, int off, int len) {
    return len >= 4 && b[off] == 'P' && b[off + 1] == 'K' && b[off + 2] == 1 && b[off + 3] == 2;
  }

  private static long liveHeap() {
    System.gc();
    System.gc();
    Runtime runtime = Runtime.getRuntime();
    return runtime.totalMemory() - runtime.freeMemory();
  }

  private static double mib(long bytes) {
    return bytes / 1048576.0;
  }
}
