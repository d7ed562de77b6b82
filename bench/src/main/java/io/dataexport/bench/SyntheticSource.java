package io.dataexport.bench;

import io.dataexport.export.ExportJob;
import io.dataexport.worker.source.ExportSource;
import io.dataexport.worker.source.Section;
import io.dataexport.worker.source.Sections;
import io.dataexport.worker.source.SourceCursor;
import io.dataexport.worker.source.SourceFile;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Random;
import java.util.function.IntFunction;
import org.bson.Document;

/**
 * One user's sessions and attached files, generated as they are read, so the writer is measured
 * without MongoDB and without the data sitting in this JVM's heap. The same shape always yields the
 * same bytes (fixed seeds).
 */
final class SyntheticSource implements ExportSource {

  /**
   * @param sessions sessions, each with {@code events} events of about {@code eventChars}
   *     characters of word-like text (compresses about as English prose does)
   * @param files attached files of {@code fileBytes} random bytes (already compressed: STORED)
   * @param fileExtension the files' extension, e.g. {@code jpg}
   */
  record Shape(
      String name,
      int sessions,
      int events,
      int eventChars,
      int files,
      int fileBytes,
      String fileExtension) {

    /** About {@code bytes} of session JSON and few small files. */
    static Shape jsonHeavy(long bytes) {
      int sessions = (int) Math.max(1, bytes / 5_500);
      return new Shape("json-heavy", sessions, 10, 500, sessions / 1000, 64 * 1024, "txt");
    }

    /** About {@code bytes} of 1 MiB already-compressed files and a little JSON. */
    static Shape fileHeavy(long bytes) {
      int files = (int) Math.max(1, bytes / (1024 * 1024));
      return new Shape("file-heavy", files, 2, 200, files, 1024 * 1024, "jpg");
    }
  }

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final String[] WORDS =
      ("the export archive holds every session of the user with its events and files while the"
              + " manifest lists each entry size and digest so an auditor can check what was"
              + " delivered against what was requested legal teams read these records months"
              + " later quarterly revenue forecast meeting notes customer escalation deploy"
              + " rollback database index latency budget review approve reject draft final")
          .split(" ");

  private final Shape shape;
  private final byte[] randomPool;

  SyntheticSource(Shape shape) {
    this.shape = shape;
    // files are windows of one random pool: cheap to produce, incompressible like JPEG data
    this.randomPool = new byte[4 * 1024 * 1024 + 4096];
    new Random(7).nextBytes(randomPool);
  }

  Shape shape() {
    return shape;
  }

  @Override
  public List<Section> sections(ExportJob job) {
    return List.of(Sections.USER, Sections.SESSION_INFO, Sections.SESSION_FILE_INFO);
  }

  @Override
  public boolean carriesFiles(ExportJob job) {
    return shape.files() > 0;
  }

  @Override
  public SourceCursor<Document> records(Section section, ExportJob job) {
    if (section == Sections.USER) {
      return cursor(1, i -> user());
    }
    if (section == Sections.SESSION_INFO) {
      return cursor(shape.sessions(), this::session);
    }
    if (section == Sections.SESSION_FILE_INFO) {
      return cursor(shape.files(), this::fileInfo);
    }
    return cursor(0, i -> null);
  }

  @Override
  public SourceCursor<SourceFile> files(ExportJob job) {
    return cursor(
        shape.files(),
        i ->
            new SourceFile(
                "fil_" + i,
                "files/" + sessionOf(i),
                sessionOf(i),
                fileName(i),
                shape.fileBytes(),
                () -> content(i)));
  }

  private Document user() {
    return new Document("_id", BenchData.USER)
        .append("email", "bench@example.com")
        .append("name", "Bench User")
        .append("created_at", Date.from(T0));
  }

  private Document session(int i) {
    Random random = new Random(i);
    List<Document> events = new ArrayList<>(shape.events());
    for (int e = 0; e < shape.events(); e++) {
      events.add(
          new Document("type", e % 2 == 0 ? "user_message" : "assistant_message")
              .append("at", Date.from(T0.plusSeconds(i * 60L + e)))
              .append("text", text(random, shape.eventChars())));
    }
    return new Document("_id", "ses_" + i)
        .append("user_id", BenchData.USER)
        .append("title", "Session " + i + " " + text(random, 30))
        .append("created_at", Date.from(T0.plusSeconds(i * 60L)))
        .append("deleted", false)
        .append("events", events);
  }

  private Document fileInfo(int i) {
    return new Document("_id", "fil_" + i)
        .append("session_id", sessionOf(i))
        .append("user_id", BenchData.USER)
        .append("name", fileName(i))
        .append("size_bytes", shape.fileBytes())
        .append("created_at", Date.from(T0.plusSeconds(i)))
        .append("deleted", false);
  }

  private String sessionOf(int file) {
    return "ses_" + (file % shape.sessions());
  }

  private String fileName(int i) {
    return "file" + i + "." + shape.fileExtension();
  }

  private InputStream content(int i) {
    int offset = (int) ((i * 4099L) % 4096);
    return new RepeatingStream(randomPool, offset, shape.fileBytes());
  }

  private static String text(Random random, int chars) {
    StringBuilder text = new StringBuilder(chars + 16);
    while (text.length() < chars) {
      text.append(WORDS[random.nextInt(WORDS.length)]).append(' ');
    }
    return text.toString();
  }

  private static <T> SourceCursor<T> cursor(int count, IntFunction<T> item) {
    return new SourceCursor<>() {
      private int next;

      @Override
      public boolean hasNext() {
        return next < count;
      }

      @Override
      public T next() {
        return item.apply(next++);
      }

      @Override
      public void close() {}
    };
  }

  /** {@code length} bytes read out of a pool from {@code offset}, wrapping around. */
  private static final class RepeatingStream extends InputStream {
    private final byte[] pool;
    private int position;
    private long remaining;

    RepeatingStream(byte[] pool, int offset, long length) {
      this.pool = pool;
      this.position = offset;
      this.remaining = length;
    }

    @Override
    public int read() {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (remaining == 0) {
        return -1;
      }
      int n = (int) Math.min(Math.min(len, remaining), pool.length - position);
      System.arraycopy(pool, position, b, off, n);
      position = (position + n) % pool.length;
      remaining -= n;
      return n;
    }
  }
}
