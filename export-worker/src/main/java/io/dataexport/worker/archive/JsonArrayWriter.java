package io.dataexport.worker.archive;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.function.Consumer;
import org.bson.Document;

/**
 * A section's JSON array, written record by record as UTF-8 (see {@link RecordJsonBytes}): only the
 * record being serialised and one buffer are in memory. Past the cap it keeps reading the source
 * without writing, to count the matching records the cap left out.
 */
final class JsonArrayWriter implements EntryContent {

  private static final byte[] OPEN = "[".getBytes(StandardCharsets.UTF_8);
  private static final byte[] FIRST = "\n".getBytes(StandardCharsets.UTF_8);
  private static final byte[] NEXT = ",\n".getBytes(StandardCharsets.UTF_8);
  private static final byte[] CLOSE_EMPTY = "]\n".getBytes(StandardCharsets.UTF_8);
  private static final byte[] CLOSE = "\n]\n".getBytes(StandardCharsets.UTF_8);

  private final Iterator<Document> records;
  private final long cap;
  private final Consumer<Document> written;

  private long count;
  private long leftOut;
  private Document last;

  /**
   * @param written told of each record written, after it is serialised; may throw to abandon
   */
  JsonArrayWriter(Iterator<Document> records, long cap, Consumer<Document> written) {
    this.records = records;
    this.cap = cap;
    this.written = written;
  }

  /** Writes the whole array to {@code out} (not closed); call once. */
  @Override
  public void writeTo(OutputStream out) throws IOException {
    RecordJsonBytes json = new RecordJsonBytes(out);
    json.raw(OPEN);
    while (records.hasNext()) {
      Document next = records.next();
      if (count == cap) {
        leftOut = 1 + countRest();
        break;
      }
      json.raw(count == 0 ? FIRST : NEXT);
      json.record(next);
      count++;
      last = next;
      written.accept(next);
    }
    json.raw(count == 0 ? CLOSE_EMPTY : CLOSE);
    json.flush();
  }

  private long countRest() {
    long rest = 0;
    while (records.hasNext()) {
      records.next();
      rest++;
    }
    return rest;
  }

  /** Records written; final once {@link #writeTo} returned. */
  long count() {
    return count;
  }

  /** Matching records the cap left out; final once {@link #writeTo} returned. */
  long leftOut() {
    return leftOut;
  }

  /** The last record written, or null if none was; final once {@link #writeTo} returned. */
  Document lastWritten() {
    return last;
  }
}
