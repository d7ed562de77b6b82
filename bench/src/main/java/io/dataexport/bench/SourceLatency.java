package io.dataexport.bench;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import io.dataexport.worker.archive.ExportArchiveWriter;
import io.dataexport.worker.source.UserDataReader;
import io.dataexport.worker.source.bucket.fs.FilesystemSourceBucket;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.locks.LockSupport;

/**
 * A FULL export of one user's sessions read through {@link UserDataReader} from a MongoDB-wire
 * server in this JVM, straight and through a proxy that adds a network round trip, written to a
 * discarding sink: how much of an export is waiting for the database. Prints each round's time and
 * the median of the second half. Compare two commits by building this jar from each.
 *
 * <pre>
 * java -Xms2g -Xmx2g -XX:+AlwaysPreTouch -cp bench/target/benchmarks.jar \
 *   io.dataexport.bench.SourceLatency [sessions] [rounds] [round trip ms ...]
 * </pre>
 */
public final class SourceLatency {

  private SourceLatency() {}

  public static void main(String[] args) throws Exception {
    int sessions = args.length > 0 ? Integer.parseInt(args[0]) : 4000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
    List<Double> roundTrips = new ArrayList<>();
    for (int i = 2; i < args.length; i++) {
      roundTrips.add(Double.parseDouble(args[i]));
    }
    if (roundTrips.isEmpty()) {
      roundTrips = List.of(0.0, 1.0);
    }
    MongoServer server = new MongoServer(H2Backend.inMemory());
    InetSocketAddress address = server.bind();
    Path bucket = Files.createTempDirectory("latency-bucket");
    Path spool = Files.createTempDirectory("latency-spool");
    try (MongoClient direct = MongoClients.create(uri(address.getPort()))) {
      BenchData.seed(direct.getDatabase("bench_latency"), bucket, sessions, 40, 500, 0, 0);
      for (double roundTripMs : roundTrips) {
        if (roundTripMs == 0) {
          measure(direct, bucket, spool, sessions, rounds, roundTripMs);
          continue;
        }
        try (DelayingProxy proxy = new DelayingProxy(address.getPort(), roundTripMs / 2);
            MongoClient client = MongoClients.create(uri(proxy.port()))) {
          measure(client, bucket, spool, sessions, rounds, roundTripMs);
        }
      }
    } finally {
      server.shutdownNow();
      ArchiveThroughput.deleteRecursively(bucket);
      ArchiveThroughput.deleteRecursively(spool);
    }
  }

  private static void measure(
      MongoClient client, Path bucket, Path spool, int sessions, int rounds, double roundTripMs)
      throws IOException {
    ExportArchiveWriter writer =
        new ExportArchiveWriter(
            new UserDataReader(
                client.getDatabase("bench_latency"), new FilesystemSourceBucket(bucket), 20_000),
            10_000_000,
            spool,
            Clock.systemUTC());
    double[] seconds = new double[rounds];
    for (int i = 0; i < rounds; i++) {
      long start = System.nanoTime();
      writer.write(BenchData.fullExport(), OutputStream.nullOutputStream(), BenchData.NO_PROGRESS);
      seconds[i] = (System.nanoTime() - start) / 1e9;
    }
    double[] warm = Arrays.copyOfRange(seconds, rounds / 2, rounds);
    Arrays.sort(warm);
    System.out.printf(
        "round trip %.1f ms, %d sessions: rounds %s s; median of the last %d %.3f s%n",
        roundTripMs,
        sessions,
        Arrays.toString(Arrays.stream(seconds).map(s -> Math.round(s * 100) / 100.0).toArray()),
        warm.length,
        warm[warm.length / 2]);
  }

  private static String uri(int port) {
    return "mongodb://127.0.0.1:" + port;
  }

  /**
   * A TCP proxy that hands on every chunk {@code delayMs} after it arrived, in each direction,
   * without holding back the chunks behind it: a link with that one-way latency and no bandwidth
   * limit. Two threads per direction: one reads, one delivers when each chunk is due.
   */
  private static final class DelayingProxy implements AutoCloseable {
    private static final byte[] END = new byte[0];

    private final ServerSocket listener;
    private final int target;
    private final long delayNanos;
    private final List<Socket> sockets = new ArrayList<>();

    DelayingProxy(int target, double delayMs) throws IOException {
      this.target = target;
      this.delayNanos = (long) (delayMs * 1_000_000);
      this.listener = new ServerSocket(0);
      daemon(this::accept);
    }

    int port() {
      return listener.getLocalPort();
    }

    private void accept() {
      try {
        while (true) {
          Socket client = listener.accept();
          Socket server = new Socket("127.0.0.1", target);
          client.setTcpNoDelay(true);
          server.setTcpNoDelay(true);
          synchronized (sockets) {
            sockets.add(client);
            sockets.add(server);
          }
          relay(client.getInputStream(), server.getOutputStream());
          relay(server.getInputStream(), client.getOutputStream());
        }
      } catch (IOException e) {
        // closed
      }
    }

    private record Chunk(long dueNanos, byte[] bytes) {}

    private void relay(InputStream from, OutputStream to) {
      BlockingQueue<Chunk> due = new LinkedBlockingQueue<>();
      daemon(
          () -> {
            byte[] buffer = new byte[1 << 16];
            try {
              for (int n; (n = from.read(buffer)) >= 0; ) {
                due.add(new Chunk(System.nanoTime() + delayNanos, Arrays.copyOf(buffer, n)));
              }
            } catch (IOException e) {
              // closed
            }
            due.add(new Chunk(0, END));
          });
      daemon(
          () -> {
            try {
              for (Chunk chunk = due.take(); chunk.bytes() != END; chunk = due.take()) {
                long wait = chunk.dueNanos() - System.nanoTime();
                while (wait > 0) {
                  LockSupport.parkNanos(wait); // the simulated link: wait out each chunk's latency
                  wait = chunk.dueNanos() - System.nanoTime();
                }
                to.write(chunk.bytes());
                to.flush();
              }
              to.close();
            } catch (IOException | InterruptedException e) {
              // closed
            }
          });
    }

    private static void daemon(Runnable body) {
      Thread thread = new Thread(body, "delaying-proxy");
      thread.setDaemon(true);
      thread.start();
    }

    @Override
    public void close() throws IOException {
      listener.close();
      synchronized (sockets) {
        for (Socket socket : sockets) {
          socket.close();
        }
      }
    }
  }
}
