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
 * directory; none syncs (the page cache takes all three alike). Each run is timed by the wall clock
 * and by the CPU it used (this JVM's own for the writer, {@code /usr/bin/time}'s user + system for
 * the tools), the figure that holds up when other processes share the machine. Prints a Markdown
 * table.
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
        "| shape | content MiB | tool | archive MiB | wall s (median of "
            + runs
            + ") | MiB/s | CPU s (median) | wall: zip -r ÷ tool | wall: dd ÷ tool | CPU: zip -r ÷"
            + " tool | CPU: dd ÷ tool |");
    System.out.println("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
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

    Times ours = new Times();
    Times zip = new Times();
    Times dd = new Times();
    Path zipped = dir.resolve("zip-r.zip");
    Path ddOut = dir.resolve("dd.out");
    long zipArchive = 0;
    for (int i = 0; i < runs; i++) {
      long start = System.nanoTime();
      long cpu = processCpuNanos();
      write(writer, archive);
      addWriterTimes(ours, start, cpu);

      Files.deleteIfExists(zipped);
      timed(zip, content, "zip", "-r", "-q", zipped.toString(), ".");
      zipArchive = Files.size(zipped);

      timed(
          dd,
          dir,
          "dd",
          "if=/dev/zero",
          "of=" + ddOut,
          "bs=1M",
          "count=" + ((contentBytes + (1 << 20) - 1) >> 20),
          "status=none");
    }
    double mibContent = contentBytes / 1048576.0;
    deleteRecursively(dir);
    return row(shape, mibContent, "archive writer", writerArchive, ours, zip, dd)
        + row(shape, mibContent, "zip -r", zipArchive, zip, zip, dd)
        + row(shape, mibContent, "dd", contentBytes, dd, zip, dd);
  }

  /** Wall-clock and CPU seconds of each run of one tool. */
  private static final class Times {
    final List<Double> wall = new ArrayList<>();
    final List<Double> cpu = new ArrayList<>();

    double wall() {
      return median(wall);
    }

    double cpu() {
      return median(cpu);
    }
  }

  private static void addWriterTimes(Times times, long startNanos, long startCpuNanos) {
    times.wall.add(seconds(startNanos));
    times.cpu.add((processCpuNanos() - startCpuNanos) / 1e9);
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  /** Runs a tool under /usr/bin/time, adding its wall and CPU (user + system) seconds. */
  private static void timed(Times times, Path dir, String... command) throws Exception {
    Path report = Files.createTempFile("time", ".txt");
    List<String> timedCommand = new ArrayList<>(List.of("/usr/bin/time", "-f", "%U %S", "-o"));
    timedCommand.add(report.toString());
    timedCommand.addAll(List.of(command));
    long start = System.nanoTime();
    run(dir, timedCommand.toArray(String[]::new));
    times.wall.add(seconds(start));
    String[] cpu = Files.readString(report).trim().split("\\s+");
    times.cpu.add(
        Double.parseDouble(cpu[cpu.length - 2]) + Double.parseDouble(cpu[cpu.length - 1]));
    Files.delete(report);
  }

  private static String row(
      SyntheticSource.Shape shape,
      double mibContent,
      String tool,
      long archiveBytes,
      Times times,
      Times zip,
      Times dd) {
    return String.format(
        "| %s | %.0f | %s | %.1f | %.2f | %.0f | %.2f | %.2f× | %.0f %% | %.2f× | %.0f %% |%n",
        shape.name(),
        mibContent,
        tool,
        archiveBytes / 1048576.0,
        times.wall(),
        mibContent / times.wall(),
        times.cpu(),
        zip.wall() / times.wall(),
        100 * dd.wall() / times.wall(),
        zip.cpu() / times.cpu(),
        100 * dd.cpu() / times.cpu());
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
