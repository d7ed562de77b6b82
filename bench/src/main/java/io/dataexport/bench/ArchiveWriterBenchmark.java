package io.dataexport.bench;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import io.dataexport.export.ExportJob;
import io.dataexport.worker.archive.ExportArchiveWriter;
import io.dataexport.worker.source.UserDataReader;
import io.dataexport.worker.source.bucket.fs.FilesystemSourceBucket;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Time to write one FULL export's archive for a user of {@code sessions} sessions (10 events of 500
 * characters each) and {@code sessions / 10} files of 64 KiB, read from the MongoDB-wire server in
 * the same JVM and written to a discarding sink. Run: {@code java -jar
 * bench/target/benchmarks.jar}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(1)
public class ArchiveWriterBenchmark {

  @Param({"1000", "5000"})
  int sessions;

  private MongoServer server;
  private MongoClient client;
  private ExportArchiveWriter writer;
  private ExportJob job;
  private Path spool;

  @Setup(Level.Trial)
  public void seed() throws IOException {
    server = new MongoServer(H2Backend.inMemory());
    client = MongoClients.create("mongodb://127.0.0.1:" + server.bind().getPort());
    var db = client.getDatabase("bench");
    Path bucket = Files.createTempDirectory("bench-bucket");
    BenchData.seed(db, bucket, sessions, 10, 500, sessions / 10, 64 * 1024);
    spool = Files.createTempDirectory("bench-spool");
    writer =
        new ExportArchiveWriter(
            new UserDataReader(db, new FilesystemSourceBucket(bucket), 20_000),
            100_000,
            spool,
            Clock.systemUTC());
    job = BenchData.fullExport();
  }

  @Benchmark
  public long writeFullArchive() throws IOException {
    CountingSink sink = new CountingSink();
    writer.write(job, sink, BenchData.NO_PROGRESS);
    return sink.count();
  }

  @TearDown(Level.Trial)
  public void stop() throws IOException {
    client.close();
    server.shutdownNow();
    Files.deleteIfExists(spool);
  }
}
