package io.dataexport.outbox;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A span's place in its trace as the W3C Trace Context {@code traceparent} header writes it ({@code
 * 00-<trace id>-<span id>-<flags>}): the form an outbox message keeps the trace of the write that
 * queued it in, whatever propagation the services use on Kafka.
 *
 * @param traceId 32 lower-case hex digits, not all zero
 * @param spanId 16 lower-case hex digits, not all zero
 */
public record Traceparent(String traceId, String spanId, boolean sampled) {

  private static final Pattern FORMAT =
      Pattern.compile("00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})");
  private static final Pattern ID = Pattern.compile("[0-9a-f]+");

  public Traceparent {
    if (!isId(traceId, 32) || !isId(spanId, 16)) {
      throw new IllegalArgumentException("not a trace id and span id: " + traceId + ", " + spanId);
    }
  }

  /**
   * The stored text read back; empty for anything that is not version 00 of the format or names the
   * invalid (all-zero) trace or span: a damaged value only loses the link to its trace.
   */
  public static Optional<Traceparent> parse(String text) {
    if (text == null) {
      return Optional.empty();
    }
    Matcher m = FORMAT.matcher(text);
    if (!m.matches() || isZero(m.group(1)) || isZero(m.group(2))) {
      return Optional.empty();
    }
    boolean sampled = (Integer.parseInt(m.group(3), 16) & 1) == 1;
    return Optional.of(new Traceparent(m.group(1), m.group(2), sampled));
  }

  /** The header value. */
  public String format() {
    return "00-" + traceId + "-" + spanId + "-" + (sampled ? "01" : "00");
  }

  private static boolean isId(String id, int length) {
    return id != null && id.length() == length && ID.matcher(id).matches() && !isZero(id);
  }

  private static boolean isZero(String id) {
    return id.chars().allMatch(c -> c == '0');
  }
}
