package io.dataexport.worker.archive;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.function.Consumer;
import java.util.function.Predicate;
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
  private final Predicate<Document> keep;
  private final Consumer<Document> written;

  private long count;
  private long leftOut;

  /**
   * @param keep whether a record belongs in the section (records it refuses are not counted)
   * @param written told of each record written, after it is serialised; may throw to abandon
   */
  JsonArrayWriter(
      Iterator<Document> records, long cap, Predicate<Document> keep, Consumer<Document> written) {
    this.records = records;
    this.cap = cap;
    this.keep = keep;
    this.written = written;
  }

  /** Writes the whole array to {@code out} (not closed); call once. */
  @Override
  public void writeTo(OutputStream out) throws IOException {
    RecordJsonBytes json = new RecordJsonBytes(out);
    json.raw(OPEN);
    Document next;
    while ((next = nextKept()) != null) {
      if (count == cap) {
        leftOut = 1 + countRest();
        break;
      }
      json.raw(count == 0 ? FIRST : NEXT);
      json.record(next);
      count++;
      written.accept(next);
    }
    json.raw(count == 0 ? CLOSE_EMPTY : CLOSE);
    json.flush();
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

  /** Records written; final once {@link #writeTo} returned. */
  long count() {
    return count;
  }

  /** Matching records the cap left out; final once {@link #writeTo} returned. */
  long leftOut() {
    return leftOut;
  }
}
