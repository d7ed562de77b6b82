package io.dataexport.bench;

import java.io.OutputStream;

/** Discards what it is given and counts it: the archive store is not what is measured. */
final class CountingSink extends OutputStream {

  private long count;

  @Override
  public void write(int b) {
    count++;
  }

  @Override
  public void write(byte[] b, int off, int len) {
    count += len;
  }

  long count() {
    return count;
  }
}
