package io.dataexport.bench;

import java.security.MessageDigest;
import java.util.Random;
import java.util.zip.CRC32;

/**
 * How long the two checksums every archive entry needs take on this machine, over as many bytes as
 * the file-heavy throughput shape: SHA-256 (the manifest's per-entry digest) and CRC-32 (the
 * ZIP's). Their time is a floor under the writer's, whatever it does with the bytes, to set beside
 * {@code dd}'s in {@link ArchiveThroughput}.
 *
 * <pre>java -cp bench/target/benchmarks.jar io.dataexport.bench.DigestSpeed [MiB] [rounds]</pre>
 */
public final class DigestSpeed {

  private DigestSpeed() {}

  public static void main(String[] args) throws Exception {
    long mib = args.length > 0 ? Long.parseLong(args[0]) : 256;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 4;
    byte[] chunk = new byte[64 * 1024]; // the writer's copy buffer
    new Random(1).nextBytes(chunk);
    long total = mib << 20;
    for (int round = 1; round <= rounds; round++) {
      MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
      long start = System.nanoTime();
      for (long done = 0; done < total; done += chunk.length) {
        sha256.update(chunk);
      }
      sha256.digest();
      double shaSeconds = (System.nanoTime() - start) / 1e9;
      CRC32 crc = new CRC32();
      start = System.nanoTime();
      for (long done = 0; done < total; done += chunk.length) {
        crc.update(chunk);
      }
      double crcSeconds = (System.nanoTime() - start) / 1e9;
      System.out.printf(
          "round %d: SHA-256 of %d MiB %.3f s (%.0f MiB/s); CRC-32 %.3f s%n",
          round, mib, shaSeconds, mib / shaSeconds, crcSeconds);
    }
  }
}
