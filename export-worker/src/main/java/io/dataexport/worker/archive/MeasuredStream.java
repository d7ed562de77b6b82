package io.dataexport.worker.archive;

import io.dataexport.digest.Sha256;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;

/**
 * Counts and digests an entry's uncompressed bytes as the compressor reads them, so the manifest
 * can state them without a second read of the data.
 */
final class MeasuredStream extends FilterInputStream {

  private final MessageDigest sha256 = Sha256.newDigest();
  private long bytes;

  MeasuredStream(InputStream in) {
    super(in);
  }

  @Override
  public int read() throws IOException {
    int b = in.read();
    if (b >= 0) {
      sha256.update((byte) b);
      bytes++;
    }
    return b;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    int n = in.read(buffer, offset, length);
    if (n > 0) {
      sha256.update(buffer, offset, n);
      bytes += n;
    }
    return n;
  }

  @Override
  public long skip(long n) {
    throw new UnsupportedOperationException("every byte of an entry is digested");
  }

  @Override
  public boolean markSupported() {
    return false;
  }

  long bytes() {
    return bytes;
  }

  /** Lower-case hex SHA-256 of everything read; call once, after the last read. */
  String sha256() {
    return Sha256.hex(sha256);
  }
}
