package io.dataexport.worker.archive;

import java.io.IOException;
import java.io.OutputStream;

/** An entry's uncompressed bytes, written on demand (once) by whoever produces them. */
@FunctionalInterface
interface EntryContent {

  /** Writes every byte of the entry to {@code out}, which it must not close. */
  void writeTo(OutputStream out) throws IOException;
}
