package io.dataexport.worker.archive;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.bson.types.ObjectId;

/**
 * Writes records as {@link RecordJson#of} does, byte for byte, but straight into UTF-8 in a reused
 * buffer instead of through a {@code String} per record: the BSON library's JSON writer escapes a
 * character at a time into a synchronized {@code StringBuffer}, the single largest cost of a
 * JSON-heavy archive after the deflater. Handles the values a MongoDB record decodes to (documents,
 * lists, strings, 32- and 64-bit integers, finite doubles, booleans, null, dates, object ids); a
 * record holding anything else is written by {@link RecordJson#of} itself. Memory: one buffer,
 * whatever the record's size.
 */
final class RecordJsonBytes {

  private static final int BUFFER = 64 * 1024;

  /** Characters escaped per pass: the buffer holds them even if each became {@code \\uXXXX}. */
  private static final int PIECE = BUFFER / 8;

  private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

  /**
   * For each ASCII character: 0 when written as it is, the letter of its short escape ({@code \n}),
   * or 'u' for {@code \\u00XX} — what the BSON JSON writer does.
   */
  private static final byte[] ASCII_ESCAPE = new byte[128];

  /**
   * For each {@link Character#getType} category: whether the BSON JSON writer writes a non-ASCII
   * character of it as it is (otherwise as {@code \\uXXXX}).
   */
  private static final boolean[] VERBATIM = new boolean[32];

  static {
    for (int c = 0; c < 0x20; c++) {
      ASCII_ESCAPE[c] = 'u';
    }
    ASCII_ESCAPE[0x7f] = 'u';
    ASCII_ESCAPE['"'] = '"';
    ASCII_ESCAPE['\\'] = '\\';
    ASCII_ESCAPE['\b'] = 'b';
    ASCII_ESCAPE['\f'] = 'f';
    ASCII_ESCAPE['\n'] = 'n';
    ASCII_ESCAPE['\r'] = 'r';
    ASCII_ESCAPE['\t'] = 't';
    for (int type :
        new int[] {
          Character.UPPERCASE_LETTER,
          Character.LOWERCASE_LETTER,
          Character.TITLECASE_LETTER,
          Character.OTHER_LETTER,
          Character.DECIMAL_DIGIT_NUMBER,
          Character.LETTER_NUMBER,
          Character.OTHER_NUMBER,
          Character.SPACE_SEPARATOR,
          Character.CONNECTOR_PUNCTUATION,
          Character.DASH_PUNCTUATION,
          Character.START_PUNCTUATION,
          Character.END_PUNCTUATION,
          Character.INITIAL_QUOTE_PUNCTUATION,
          Character.FINAL_QUOTE_PUNCTUATION,
          Character.OTHER_PUNCTUATION,
          Character.MATH_SYMBOL,
          Character.CURRENCY_SYMBOL,
          Character.MODIFIER_SYMBOL,
          Character.OTHER_SYMBOL
        }) {
      VERBATIM[type] = true;
    }
  }

  private static final long DAY_MILLIS = 86_400_000L;

  /** 10000-01-01T00:00:00Z: from there on, {@code Instant.toString} writes a five-digit year. */
  private static final long YEAR_10000 = 253_402_300_800_000L;

  private final OutputStream out;
  private final byte[] buffer = new byte[BUFFER];
  private long cachedDay = -1;
  private byte[] cachedDate;
  private final char[] chars = new char[PIECE];
  private int position;

  /**
   * @param out where full buffers go ({@link #flush} sends the rest)
   */
  RecordJsonBytes(OutputStream out) {
    this.out = out;
  }

  /** Writes bytes as they are (separators between records). */
  void raw(byte[] bytes) throws IOException {
    if (bytes.length > BUFFER - position) {
      flush();
      if (bytes.length > BUFFER) {
        out.write(bytes);
        return;
      }
    }
    System.arraycopy(bytes, 0, buffer, position, bytes.length);
    position += bytes.length;
  }

  /** Writes {@code record} as the UTF-8 of {@link RecordJson#of}. */
  void record(Document record) throws IOException {
    if (plain(record)) {
      document(record);
    } else {
      raw(RecordJson.of(record).getBytes(StandardCharsets.UTF_8));
    }
  }

  /** Sends what the buffer holds to the stream (not flushed further). */
  void flush() throws IOException {
    if (position > 0) {
      out.write(buffer, 0, position);
      position = 0;
    }
  }

  /** Whether this class writes {@code value} as the BSON library would. */
  private static boolean plain(Object value) {
    if (value == null
        || value instanceof String
        || value instanceof Integer
        || value instanceof Long
        || value instanceof Boolean
        || value instanceof ObjectId
        || value.getClass() == Date.class) {
      return true;
    }
    if (value instanceof Double d) {
      return !d.isNaN() && !d.isInfinite(); // NaN and infinities become {"$numberDouble": ...}
    }
    if (value.getClass() == Document.class) {
      for (Map.Entry<String, Object> field : ((Document) value).entrySet()) {
        if (field.getKey() == null || !plain(field.getValue())) {
          return false;
        }
      }
      return true;
    }
    if (value instanceof List<?> list) {
      for (Object element : list) {
        if (!plain(element)) {
          return false;
        }
      }
      return true;
    }
    return false;
  }

  // The layout of the BSON library's JsonWriter without indentation: {"a": 1, "b": [1, 2]}

  private void document(Document document) throws IOException {
    ascii('{');
    boolean first = true;
    for (Map.Entry<String, Object> field : document.entrySet()) {
      if (!first) {
        ascii(',');
        ascii(' ');
      }
      first = false;
      string(field.getKey());
      ascii(':');
      ascii(' ');
      value(field.getValue());
    }
    ascii('}');
  }

  private void list(List<?> list) throws IOException {
    ascii('[');
    boolean first = true;
    for (Object element : list) {
      if (!first) {
        ascii(',');
        ascii(' ');
      }
      first = false;
      value(element);
    }
    ascii(']');
  }

  private void value(Object value) throws IOException {
    if (value == null) {
      ascii("null");
    } else if (value instanceof String s) {
      string(s);
    } else if (value instanceof Document d) {
      document(d);
    } else if (value instanceof List<?> l) {
      list(l);
    } else if (value instanceof Integer i) {
      integer(i); // as Integer.toString, which the relaxed converter writes
    } else if (value instanceof Long l) {
      integer(l);
    } else if (value instanceof Double) {
      ascii(value.toString()); // Double.toString, as the relaxed converter writes
    } else if (value instanceof Boolean b) {
      ascii(b ? "true" : "false");
    } else if (value instanceof Date date) {
      dateTime(date.getTime());
    } else if (value instanceof ObjectId id) {
      string(id.toHexString());
    } else {
      throw new IllegalStateException("not a plain value: " + value.getClass()); // see plain()
    }
  }

  /** As {@link Long#toString(long)}. */
  private void integer(long value) throws IOException {
    if (value == Long.MIN_VALUE) {
      ascii(Long.toString(value));
      return;
    }
    if (20 > BUFFER - position) {
      flush();
    }
    if (value < 0) {
      buffer[position++] = '-';
      value = -value;
    }
    int digits = 1;
    for (long rest = value / 10; rest != 0; rest /= 10) {
      digits++;
    }
    int end = position + digits;
    for (int p = end - 1; p >= position; p--) {
      buffer[p] = (byte) ('0' + value % 10);
      value /= 10;
    }
    position = end;
  }

  /**
   * As {@link RecordJson#dateTime}, a quoted {@link java.time.Instant#toString}: {@code
   * "2026-01-01T08:30:00Z"}, {@code ".SSS"} before the Z when the milliseconds are not 0. Dates of
   * years 1970 to 9999 are formatted here, the date part kept from the last call (records' dates
   * tend to share their day); others by {@code Instant.toString}.
   */
  private void dateTime(long epochMillis) throws IOException {
    if (epochMillis < 0 || epochMillis >= YEAR_10000) {
      string(RecordJson.dateTime(epochMillis));
      return;
    }
    long day = epochMillis / DAY_MILLIS;
    int millisOfDay = (int) (epochMillis % DAY_MILLIS);
    if (day != cachedDay) {
      cachedDay = day;
      cachedDate = (LocalDate.ofEpochDay(day) + "T").getBytes(StandardCharsets.US_ASCII);
    }
    if (32 > BUFFER - position) {
      flush();
    }
    byte[] buf = buffer;
    int p = position;
    buf[p++] = '"';
    System.arraycopy(cachedDate, 0, buf, p, cachedDate.length);
    p += cachedDate.length;
    p = twoDigits(buf, p, millisOfDay / 3_600_000);
    buf[p++] = ':';
    p = twoDigits(buf, p, millisOfDay / 60_000 % 60);
    buf[p++] = ':';
    p = twoDigits(buf, p, millisOfDay / 1000 % 60);
    int millis = millisOfDay % 1000;
    if (millis != 0) {
      buf[p++] = '.';
      buf[p++] = (byte) ('0' + millis / 100);
      p = twoDigits(buf, p, millis % 100);
    }
    buf[p++] = 'Z';
    buf[p++] = '"';
    position = p;
  }

  private static int twoDigits(byte[] buf, int p, int value) {
    buf[p++] = (byte) ('0' + value / 10);
    buf[p++] = (byte) ('0' + value % 10);
    return p;
  }

  private void ascii(char c) throws IOException {
    if (position == BUFFER) {
      flush();
    }
    buffer[position++] = (byte) c;
  }

  /** Text known to be printable ASCII without quotes or backslashes (numbers, literals). */
  private void ascii(String text) throws IOException {
    int length = text.length();
    if (length > BUFFER - position) {
      flush();
    }
    for (int i = 0; i < length; i++) {
      buffer[position++] = (byte) text.charAt(i);
    }
  }

  /** A quoted, escaped JSON string, as the BSON library's {@code writeStringHelper}. */
  private void string(String text) throws IOException {
    ascii('"');
    int length = text.length();
    for (int start = 0; start < length; start += PIECE) {
      int end = Math.min(length, start + PIECE);
      int n = end - start;
      text.getChars(start, end, chars, 0);
      if (n * 6 > BUFFER - position) {
        flush();
      }
      byte[] buf = buffer;
      int p = position;
      for (int i = 0; i < n; i++) {
        char c = chars[i];
        if (c < 0x80) {
          byte escape = ASCII_ESCAPE[c];
          if (escape == 0) {
            buf[p++] = (byte) c;
          } else if (escape == 'u') {
            p = unicodeEscape(buf, p, c);
          } else {
            buf[p++] = '\\';
            buf[p++] = escape;
          }
        } else if (VERBATIM[Character.getType(c)]) {
          // never a surrogate (those are escaped), so one char is one code point
          if (c < 0x800) {
            buf[p++] = (byte) (0xc0 | (c >> 6));
            buf[p++] = (byte) (0x80 | (c & 0x3f));
          } else {
            buf[p++] = (byte) (0xe0 | (c >> 12));
            buf[p++] = (byte) (0x80 | ((c >> 6) & 0x3f));
            buf[p++] = (byte) (0x80 | (c & 0x3f));
          }
        } else {
          p = unicodeEscape(buf, p, c);
        }
      }
      position = p;
    }
    ascii('"');
  }

  private static int unicodeEscape(byte[] buf, int p, char c) {
    buf[p++] = '\\';
    buf[p++] = 'u';
    buf[p++] = HEX[(c >> 12) & 0xf];
    buf[p++] = HEX[(c >> 8) & 0xf];
    buf[p++] = HEX[(c >> 4) & 0xf];
    buf[p++] = HEX[c & 0xf];
    return p;
  }
}
