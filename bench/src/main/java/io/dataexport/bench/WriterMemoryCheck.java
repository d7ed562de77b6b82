package io.dataexport.bench;

import io.dataexport.worker.archive.ExportArchiveWriter;
import io.dataexport.worker.archive.WriteProgress;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Peak heap, peak RSS and peak spool disk use of one worker JVM writing a FULL export of 100 MiB, 1
 * GiB and 5 GiB (half session JSON, half already-compressed files) from {@link SyntheticSource}
 * into a discarding sink. Each size runs in a JVM of its own with {@code -Xmx256m}, so one size's
 * garbage does not count against the next. Prints a Markdown table.
 *
 * <p>Peak heap counts garbage too; whether what the writer <em>keeps</em> grows with the export is
 * the "peak live heap" column: the heap in use right after a full collection, forced at every
 * section's end and every {@value #LIVE_PROBE_EVERY} records, the largest of those.
 *
 * <pre>java -cp bench/target/benchmarks.jar io.dataexport.bench.WriterMemoryCheck [MiB ...]</pre>
 */
public final class WriterMemoryCheck {

  private static final int LIVE_PROBE_EVERY = 50_000;

  private WriterMemoryCheck() {}

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("--one")) {
      writeOne(Long.parseLong(args[1]));
      return;
    }
    List<String> sizes = args.length > 0 ? List.of(args) : List.of("100", "1024", "5120");
    System.out.println(
        "| export MiB | archive MiB | time s | heap max | peak heap used | peak old gen"
            + " | peak live heap | peak RSS | peak spool |");
    System.out.println("| --- | --- | --- | --- | --- | --- | --- | --- | --- |");
    for (String mib : sizes) {
      List<String> command = new ArrayList<>();
      command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      command.add("-Xmx256m");
      command.add("-cp");
      command.add(System.getProperty("java.class.path"));
      command.add(WriterMemoryCheck.class.getName());
      command.add("--one");
      command.add(mib);
      Process child = new ProcessBuilder(command).inheritIO().start();
      if (child.waitFor() != 0) {
        System.out.println(
            "| " + mib + " | failed: exit " + child.exitValue() + " | | | | | | | |");
      }
    }
  }

  private static void writeOne(long mib) throws Exception {
    long half = (mib << 20) / 2;
    SyntheticSource.Shape json = SyntheticSource.Shape.jsonHeavy(half);
    SyntheticSource.Shape files = SyntheticSource.Shape.fileHeavy(half);
    SyntheticSource.Shape shape =
        new SyntheticSource.Shape(
            "mixed",
            json.sessions(),
            json.events(),
            json.eventChars(),
            files.files(),
            files.fileBytes(),
            "jpg");
    Path spool = Files.createTempDirectory("memory-check-spool");
    ExportArchiveWriter writer =
        new ExportArchiveWriter(new SyntheticSource(shape), 10_000_000, spool, Clock.systemUTC());
    AtomicLong peakSpool = new AtomicLong();
    Thread sampler =
        new Thread(
            () -> {
              while (!Thread.currentThread().isInterrupted()) {
                try {
                  peakSpool.accumulateAndGet(ArchiveThroughput.sizeOf(spool), Math::max);
                  Thread.sleep(20); // a sampling period, not a wait for a condition
                } catch (InterruptedException e) {
                  return;
                } catch (Exception e) {
                  // a file vanished under the walk: sample again
                }
              }
            });
    sampler.setDaemon(true);
    System.gc();
    ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
    sampler.start();
    CountingSink sink = new CountingSink();
    LiveHeapProbe liveHeap = new LiveHeapProbe();
    long start = System.nanoTime();
    writer.write(BenchData.fullExport(), sink, liveHeap);
    double seconds = (System.nanoTime() - start) / 1e9;
    sampler.interrupt();
    sampler.join();
    ArchiveThroughput.deleteRecursively(spool);
    System.out.printf(
        "| %d | %.1f | %.1f | %d MiB | %.1f MiB | %.1f MiB | %.1f MiB | %.1f MiB | %.1f MiB |%n",
        mib,
        sink.count() / 1048576.0,
        seconds,
        Runtime.getRuntime().maxMemory() >> 20,
        peakHeap(false) / 1048576.0,
        peakHeap(true) / 1048576.0,
        liveHeap.peak / 1048576.0,
        peakRssKib() / 1024.0,
        peakSpool.get() / 1048576.0);
  }

  /**
   * Forces a full collection at each section's end and every {@value #LIVE_PROBE_EVERY} records and
   * keeps the largest heap in use right after one: what the writer holds at that moment, without
   * garbage. The collections slow the run; the time column includes them.
   */
  private static final class LiveHeapProbe implements WriteProgress {
    private long records;
    private long peak;

    @Override
    public void sectionsPlanned(int sections) {}

    @Override
    public void recordWritten() {
      if (++records % LIVE_PROBE_EVERY == 0) {
        probe();
      }
    }

    @Override
    public void sectionDone() {
      probe();
    }

    private void probe() {
      System.gc(); // G1 without -XX:+ExplicitGCInvokesConcurrent: a full, stop-the-world collection
      peak = Math.max(peak, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
    }
  }

  /** Sum of the heap pools' peaks (an upper bound of the heap's peak), or the old gen's alone. */
  private static long peakHeap(boolean oldGenOnly) {
    return ManagementFactory.getMemoryPoolMXBeans().stream()
        .filter(pool -> pool.getType() == MemoryType.HEAP)
        .filter(
            pool ->
                !oldGenOnly || pool.getName().contains("Old") || pool.getName().contains("Tenured"))
        .mapToLong(pool -> pool.getPeakUsage().getUsed())
        .sum();
  }

  /** VmHWM: the most resident memory this process ever had. */
  private static long peakRssKib() throws Exception {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmHWM:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    return -1;
  }
}
