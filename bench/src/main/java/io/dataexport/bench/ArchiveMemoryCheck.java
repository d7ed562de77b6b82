package io.dataexport.bench;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import io.dataexport.worker.archive.ExportArchiveWriter;
import io.dataexport.worker.source.UserDataReader;
import io.dataexport.worker.source.bucket.fs.FilesystemSourceBucket;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

/**
 * Writes one large FULL export, read from a MongoDB at the given URI (the data lives in that
 * server's process, not in this one), and prints the archive size, the time and this JVM's peak
 * old-generation use. Run it with a small {@code -Xmx} to show the writer's memory does not grow
 * with the export:
 *
 * <pre>java -Xmx64m -cp bench/target/benchmarks.jar io.dataexport.bench.ArchiveMemoryCheck \
 *   mongodb://127.0.0.1:27017 SESSIONS FILES</pre>
 */
public final class ArchiveMemoryCheck {

  private ArchiveMemoryCheck() {}

  public static void main(String[] args) throws Exception {
    String uri = args[0];
    int sessions = Integer.parseInt(args[1]);
    int files = Integer.parseInt(args[2]);
    try (MongoClient client = MongoClients.create(uri)) {
      MongoDatabase db = client.getDatabase("bench_memory");
      db.drop();
      Path bucket = Files.createTempDirectory("bench-bucket");
      BenchData.seed(db, bucket, sessions, 10, 500, files, 1024 * 1024);
      resetPeaks();
      Path spool = Files.createTempDirectory("memory-check");
      ExportArchiveWriter writer =
          new ExportArchiveWriter(
              new UserDataReader(db, new FilesystemSourceBucket(bucket), 20_000),
              1_000_000,
              spool,
              Clock.systemUTC());
      CountingSink sink = new CountingSink();
      long start = System.nanoTime();
      writer.write(BenchData.fullExport(), sink, BenchData.NO_PROGRESS);
      double seconds = (System.nanoTime() - start) / 1e9;
      System.out.printf(
          "sessions=%d files=%d archive=%.1f MiB time=%.1f s throughput=%.1f MiB/s"
              + " max-heap=%d MiB peak-old-gen=%.1f MiB%n",
          sessions,
          files,
          sink.count() / 1048576.0,
          seconds,
          sink.count() / 1048576.0 / seconds,
          Runtime.getRuntime().maxMemory() / 1048576,
          peakOldGenUsed() / 1048576.0);
      Files.deleteIfExists(spool);
      db.drop();
    }
  }

  private static void resetPeaks() {
    System.gc();
    ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
  }

  /** What survived collections at its highest: the memory the writer really kept. */
  private static long peakOldGenUsed() {
    return ManagementFactory.getMemoryPoolMXBeans().stream()
        .filter(pool -> pool.getType() == MemoryType.HEAP)
        .filter(pool -> pool.getName().contains("Old") || pool.getName().contains("Tenured"))
        .mapToLong(pool -> pool.getPeakUsage().getUsed())
        .sum();
  }
}
