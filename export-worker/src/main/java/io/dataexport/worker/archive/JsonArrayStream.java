package io.dataexport.worker.archive;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.bson.Document;

/**
 * A section's JSON array, produced record by record as the compressor reads it: only the record
 * being serialised is in memory. Past the cap it keeps reading the source without writing, to count
 * the matching records the cap left out.
 */
final class JsonArrayStream extends InputStream {

  private static final byte[] OPEN = "[".getBytes(StandardCharsets.UTF_8);
  private static final byte[] FIRST = "\n".getBytes(StandardCharsets.UTF_8);
  private static final byte[] NEXT = ",\n".getBytes(StandardCharsets.UTF_8);
  private static final byte[] CLOSE_EMPTY = "]\n".getBytes(StandardCharsets.UTF_8);
  private static final byte[] CLOSE = "\n]\n".getBytes(StandardCharsets.UTF_8);

  private final Iterator<Document> records;
  private final long cap;
  private final Predicate<Document> keep;
  private final Consumer<Document> written;

  private byte[] chunk = OPEN;
  private Document pending;
  private int position;
  private boolean separatorDue;
  private boolean closed;
  private long count;
  private long leftOut;

  /**
   * @param keep whether a record belongs in the section (records it refuses are not counted)
   * @param written told of each record written, after it is serialised
   */
  JsonArrayStream(
      Iterator<Document> records, long cap, Predicate<Document> keep, Consumer<Document> written) {
    this.records = records;
    this.cap = cap;
    this.keep = keep;
    this.written = written;
  }

  @Override
  public int read() {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) {
    if (length == 0) {
      return 0;
    }
    while (position == chunk.length) {
      if (!advance()) {
        return -1;
      }
    }
    int n = Math.min(length, chunk.length - position);
    System.arraycopy(chunk, position, buffer, offset, n);
    position += n;
    return n;
  }

  /** Loads the next piece of the array; false once the closing bracket was read. */
  private boolean advance() {
    position = 0;
    if (closed) {
      chunk = new byte[0];
      return false;
    }
    if (separatorDue) {
      separatorDue = false;
      chunk = record();
      return true;
    }
    Document next = nextKept();
    if (next != null && count < cap) {
      pending = next;
      chunk = count == 0 ? FIRST : NEXT;
      separatorDue = true;
      return true;
    }
    if (next != null) {
      leftOut = 1 + countRest();
    }
    chunk = count == 0 ? CLOSE_EMPTY : CLOSE;
    closed = true;
    return true;
  }

  private byte[] record() {
    byte[] json = RecordJson.of(pending).getBytes(StandardCharsets.UTF_8);
    count++;
    written.accept(pending);
    pending = null;
    return json;
  }

  private Document nextKept() {
    while (records.hasNext()) {
      Document record = records.next();
      if (keep.test(record)) {
        return record;
      }
    }
    return null;
  }

  private long countRest() {
    long rest = 0;
    while (nextKept() != null) {
      rest++;
    }
    return rest;
  }

  /** Records written; final once the stream has ended. */
  long count() {
    return count;
  }

  /** Matching records the cap left out; final once the stream has ended. */
  long leftOut() {
    return leftOut;
  }
}
