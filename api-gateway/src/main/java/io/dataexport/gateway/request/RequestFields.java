package io.dataexport.gateway.request;

import static io.dataexport.gateway.api.ApiException.invalid;

import com.google.protobuf.Timestamp;
import com.google.protobuf.util.Timestamps;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/** Checks of single request fields, shared by every operation; each names the field it refuses. */
public final class RequestFields {

  private static final Pattern UUID_TEXT =
      Pattern.compile(
          "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
  private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+");

  private RequestFields() {}

  /** The lower-cased UUID, or null when the field is empty. */
  public static String userId(String value) {
    if (value.isEmpty()) {
      return null;
    }
    if (!UUID_TEXT.matcher(value).matches()) {
      throw invalid("user_id", "must be a UUID, like 123e4567-e89b-12d3-a456-426614174000");
    }
    return UUID.fromString(value).toString();
  }

  /** The email, or null when the field is empty. */
  public static String email(String value) {
    if (value.isEmpty()) {
      return null;
    }
    maxLength("email", value, Limits.EMAIL);
    if (!EMAIL.matcher(value).matches()) {
      throw invalid("email", "must be an email address, like user@example.com");
    }
    return value;
  }

  public static void maxLength(String field, String value, int max) {
    if (value.codePointCount(0, value.length()) > max) {
      throw invalid(field, "must be at most " + max + " characters");
    }
  }

  public static String requiredId(String field, String value) {
    if (value.isBlank()) {
      throw invalid(field, "is required");
    }
    maxLength(field, value, Limits.ID);
    return value;
  }

  /** The ids, duplicates dropped, order kept; each must be non-blank and within the limits. */
  public static List<String> ids(String field, List<String> values) {
    if (values.size() > Limits.IDS) {
      throw invalid(field, "must hold at most " + Limits.IDS + " ids");
    }
    Set<String> unique = new LinkedHashSet<>();
    for (int i = 0; i < values.size(); i++) {
      String id = values.get(i);
      if (id.isBlank()) {
        throw invalid(field + "[" + i + "]", "must not be empty");
      }
      maxLength(field + "[" + i + "]", id, Limits.ID);
      unique.add(id);
    }
    return new ArrayList<>(unique);
  }

  public static Instant time(String field, boolean present, Timestamp value) {
    if (!present) {
      return null;
    }
    if (!Timestamps.isValid(value)) {
      throw invalid(field, "must be an RFC 3339 date-time between 0001-01-01 and 9999-12-31");
    }
    return Instant.ofEpochSecond(value.getSeconds(), value.getNanos());
  }

  public static void timeRange(Instant start, Instant end) {
    if (start != null && end != null && start.isAfter(end)) {
      throw invalid("start_time", "must not be after end_time");
    }
  }

  /**
   * The Idempotency-Key header: absent (null), or 1 to {@value Limits#IDEMPOTENCY_KEY} printable
   * ASCII characters, as clients generate them (UUIDs, request hashes).
   */
  public static String idempotencyKey(String value) {
    if (value == null) {
      return null;
    }
    if (value.isEmpty() || value.length() > Limits.IDEMPOTENCY_KEY) {
      throw invalid(
          "Idempotency-Key",
          "must be 1 to " + Limits.IDEMPOTENCY_KEY + " characters, got " + value.length());
    }
    if (!value.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
      throw invalid("Idempotency-Key", "must be printable ASCII without spaces");
    }
    return value;
  }

  public static int pageSize(int requested) {
    if (requested == 0) {
      return Limits.DEFAULT_PAGE_SIZE;
    }
    if (requested < 1 || requested > Limits.MAX_PAGE_SIZE) {
      throw invalid("page_size", "must be between 1 and " + Limits.MAX_PAGE_SIZE);
    }
    return requested;
  }

  /**
   * A request's optional reason, stripped: absent is fine unless {@code required} (the enterprise's
   * policy), present must not be blank and must be within the limit.
   *
   * @param saysWhat what a reason says, for the message, e.g. "why the export is made"
   */
  public static String reason(boolean present, String reason, boolean required, String saysWhat) {
    if (!present) {
      if (required) {
        throw invalid("reason", "is required by this enterprise's export policy");
      }
      return null;
    }
    String stripped = reason.strip();
    if (stripped.isEmpty()) {
      throw invalid("reason", "must not be blank; omit it or say " + saysWhat);
    }
    maxLength("reason", reason, Limits.REASON);
    return stripped;
  }
}
