package io.dataexport.worker.archive;

import io.dataexport.digest.Sha256;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;

/**
 * Counts and digests an entry's uncompressed bytes on their way to the compressor, so the manifest
 * can state them without a second read of the data.
 */
final class MeasuredStream extends FilterOutputStream {

  private final MessageDigest sha256 = Sha256.newDigest();
  private long bytes;

  MeasuredStream(OutputStream out) {
    super(out);
  }

  @Override
  public void write(int b) throws IOException {
    out.write(b);
    sha256.update((byte) b);
    bytes++;
  }

  @Override
  public void write(byte[] buffer, int offset, int length) throws IOException {
    out.write(buffer, offset, length);
    sha256.update(buffer, offset, length);
    bytes += length;
  }

  long bytes() {
    return bytes;
  }

  /** Lower-case hex SHA-256 of everything written; call once, after the last write. */
  String sha256() {
    return Sha256.hex(sha256);
  }
}
