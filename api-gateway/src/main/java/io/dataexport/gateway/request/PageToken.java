package io.dataexport.gateway.request;

import static io.dataexport.gateway.api.ApiException.invalid;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

/**
 * The opaque {@code next_page_token}: the position (creation time, id) of the last item of a page
 * in newest-first order. Pages are read strictly after it, so items created meanwhile never shift
 * or repeat later pages.
 */
public record PageToken(Instant createdAt, String id) {

  private static final String VERSION = "v1";

  public String encode() {
    String raw = VERSION + "|" + createdAt.getEpochSecond() + "|" + createdAt.getNano() + "|" + id;
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(raw.getBytes(StandardCharsets.UTF_8));
  }

  /** Null for an empty token (the first page). */
  public static PageToken decode(String token) {
    if (token.isEmpty()) {
      return null;
    }
    RequestFields.maxLength("page_token", token, Limits.PAGE_TOKEN);
    try {
      String raw = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
      String[] parts = raw.split("\\|", 4);
      if (parts.length != 4 || !parts[0].equals(VERSION)) {
        throw new IllegalArgumentException("unknown token layout");
      }
      Instant createdAt = Instant.ofEpochSecond(Long.parseLong(parts[1]), Long.parseLong(parts[2]));
      // The stores compare at millisecond precision: a time no Date can hold is no token of ours.
      createdAt.toEpochMilli();
      return new PageToken(createdAt, parts[3]);
    } catch (IllegalArgumentException | java.time.DateTimeException | ArithmeticException e) {
      throw invalid("page_token", "is not a token this API issued; pass next_page_token unchanged");
    }
  }
}
