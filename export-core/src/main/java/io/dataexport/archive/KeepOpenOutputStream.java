package io.dataexport.archive;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Passes writes through and close on as a flush: for a stream that a writer must close to finish (a
 * ZIP, an encrypting stream) over one its owner keeps open.
 */
public final class KeepOpenOutputStream extends FilterOutputStream {

  public KeepOpenOutputStream(OutputStream out) {
    super(out);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    out.write(b, off, len);
  }

  @Override
  public void close() throws IOException {
    out.flush();
  }
}
