package io.dataexport.worker.archive;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;

/**
 * An archive whose content is all read and spooled on local disk, ready to be streamed into the
 * archive store from its first byte to its last without a pause. Closing it deletes the spool.
 */
public interface SpooledArchive extends Closeable {

  void writeTo(OutputStream out) throws IOException;
}
