package io.dataexport.worker.source;

import java.io.Closeable;
import java.util.Iterator;

/** Records read from a source a batch at a time; closing it releases what the read holds. */
public interface SourceCursor<T> extends Iterator<T>, Closeable {

  @Override
  void close();
}
