package io.dataexport.bench;

import io.dataexport.worker.archive.ExportArchiveWriter;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Archive build throughput beside {@code zip -r} over the same content laid out on local disk and
 * beside a raw sequential write of as many bytes with {@code dd}, in one run, for a JSON-heavy and
 * a file-heavy export read from {@link SyntheticSource}. Every tool writes a file in the same
 * directory; none syncs (the page cache takes all three alike). Prints a Markdown table.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar io.dataexport.bench.ArchiveThroughput [MiB] [runs] [dir]
 * </pre>
 */
public final class ArchiveThroughput {

  private ArchiveThroughput() {}

  public static void main(String[] args) throws Exception {
    long mib = args.length > 0 ? Long.parseLong(args[0]) : 256;
    int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    Path dir = Files.createTempDirectory(args.length > 2 ? Path.of(args[2]) : tmp(), "throughput");
    List<String> rows = new ArrayList<>();
    try {
      for (SyntheticSource.Shape shape :
          List.of(
              SyntheticSource.Shape.jsonHeavy(mib << 20),
              SyntheticSource.Shape.fileHeavy(mib << 20))) {
        rows.add(measure(shape, runs, dir.resolve(shape.name())));
      }
    } finally {
      deleteRecursively(dir);
    }
    System.out.println(
        "| shape | content MiB | tool | archive MiB | median s (of "
            + runs
            + ") | MiB/s of content | vs zip -r | vs dd |");
    System.out.println("| --- | --- | --- | --- | --- | --- | --- | --- |");
    rows.forEach(System.out::print);
  }

  private static String measure(SyntheticSource.Shape shape, int runs, Path dir) throws Exception {
    Files.createDirectories(dir);
    Path archive = dir.resolve("writer.zip");
    Path spool = dir.resolve("spool");
    ExportArchiveWriter writer =
        new ExportArchiveWriter(new SyntheticSource(shape), 10_000_000, spool, Clock.systemUTC());
    write(writer, archive); // warm-up: the JIT, and the archive whose content zip and dd get
    Path content = dir.resolve("content");
    run(dir, "unzip", "-q", archive.toString(), "-d", content.toString());
    long contentBytes = sizeOf(content);
    long writerArchive = Files.size(archive);

    List<Double> writerTimes = new ArrayList<>();
    List<Double> zipTimes = new ArrayList<>();
    List<Double> ddTimes = new ArrayList<>();
    Path zipped = dir.resolve("zip-r.zip");
    Path dd = dir.resolve("dd.out");
    long zipArchive = 0;
    for (int i = 0; i < runs; i++) {
      long start = System.nanoTime();
      write(writer, archive);
      writerTimes.add(seconds(start));

      Files.deleteIfExists(zipped);
      start = System.nanoTime();
      run(content, "zip", "-r", "-q", zipped.toString(), ".");
      zipTimes.add(seconds(start));
      zipArchive = Files.size(zipped);

      start = System.nanoTime();
      run(
          dir,
          "dd",
          "if=/dev/zero",
          "of=" + dd,
          "bs=1M",
          "count=" + ((contentBytes + (1 << 20) - 1) >> 20),
          "status=none");
      ddTimes.add(seconds(start));
    }
    double w = median(writerTimes);
    double z = median(zipTimes);
    double d = median(ddTimes);
    double mibContent = contentBytes / 1048576.0;
    deleteRecursively(dir);
    return row(shape, mibContent, "archive writer", writerArchive, w, z, d)
        + row(shape, mibContent, "zip -r", zipArchive, z, z, d)
        + row(shape, mibContent, "dd", contentBytes, d, z, d);
  }

  private static String row(
      SyntheticSource.Shape shape,
      double mibContent,
      String tool,
      long archiveBytes,
      double time,
      double zip,
      double dd) {
    return String.format(
        "| %s | %.0f | %s | %.1f | %.2f | %.0f | %.2f× | %.0f %% |%n",
        shape.name(),
        mibContent,
        tool,
        archiveBytes / 1048576.0,
        time,
        mibContent / time,
        zip / time,
        100 * dd / time);
  }

  private static void write(ExportArchiveWriter writer, Path archive) throws IOException {
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(archive), 1 << 16)) {
      writer.write(BenchData.fullExport(), out, BenchData.NO_PROGRESS);
    }
  }

  private static void run(Path dir, String... command) throws Exception {
    Process process = new ProcessBuilder(command).directory(dir.toFile()).inheritIO().start();
    if (process.waitFor() != 0) {
      throw new IllegalStateException(String.join(" ", command) + " failed");
    }
  }

  private static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  private static double median(List<Double> values) {
    List<Double> sorted = values.stream().sorted().toList();
    return sorted.get(sorted.size() / 2);
  }

  static long sizeOf(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return 0;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      return paths
          .filter(Files::isRegularFile)
          .mapToLong(
              p -> {
                try {
                  return Files.size(p);
                } catch (IOException e) {
                  return 0; // deleted while we walked
                }
              })
          .sum();
    } catch (IOException | java.io.UncheckedIOException e) {
      return 0;
    }
  }

  static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }

  private static Path tmp() {
    return Path.of(System.getProperty("java.io.tmpdir"));
  }
}
