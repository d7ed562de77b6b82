package io.dataexport.audit.seal;

import io.dataexport.digest.Sha256;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * The two hashes of a digest over a run of audit records, fed in offset order. Each record enters
 * as its key and value, each prefixed by its length (-1 for null), so moving a byte across a record
 * boundary changes the hash. {@code sha256} is the ordered hash that proves the run; {@code
 * unorderedSha256} is the sum (mod 2^256) of each record's own SHA-256 and only tells a reordering
 * (same records, other order) from an alteration once the ordered hash has failed.
 */
public final class EventHashes {

  private static final BigInteger MODULUS = BigInteger.ONE.shiftLeft(256);

  private final MessageDigest ordered = Sha256.newDigest();
  private final MessageDigest single = Sha256.newDigest();
  private BigInteger sum = BigInteger.ZERO;
  private long count;

  public void add(byte[] key, byte[] value) {
    byte[] entry = entry(key, value);
    ordered.update(entry);
    sum = sum.add(new BigInteger(1, single.digest(entry))).mod(MODULUS);
    count++;
  }

  public long count() {
    return count;
  }

  /** The ordered hash, lower-case hex. Call once, after the last record. */
  public String sha256() {
    return Sha256.hex(ordered);
  }

  public String unorderedSha256() {
    return HexFormat.of().formatHex(toFixed32(sum));
  }

  private static byte[] entry(byte[] key, byte[] value) {
    int size = 8 + (key == null ? 0 : key.length) + (value == null ? 0 : value.length);
    ByteBuffer buffer = ByteBuffer.allocate(size);
    put(buffer, key);
    put(buffer, value);
    return buffer.array();
  }

  private static void put(ByteBuffer buffer, byte[] bytes) {
    if (bytes == null) {
      buffer.putInt(-1);
    } else {
      buffer.putInt(bytes.length).put(bytes);
    }
  }

  private static byte[] toFixed32(BigInteger value) {
    byte[] raw = value.toByteArray();
    byte[] fixed = new byte[32];
    int copy = Math.min(raw.length, 32);
    System.arraycopy(raw, raw.length - copy, fixed, 32 - copy, copy);
    return fixed;
  }
}
