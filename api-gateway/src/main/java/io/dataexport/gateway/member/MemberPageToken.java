package io.dataexport.gateway.member;

import static io.dataexport.gateway.api.ApiException.invalid;

import io.dataexport.gateway.request.Limits;
import io.dataexport.gateway.request.RequestFields;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The opaque {@code next_page_token} of a member search: the position (email, user id) of the last
 * member of a page in email order. Pages are read strictly after it.
 */
record MemberPageToken(String email, String userId) {

  private static final String VERSION = "m1";

  String encode() {
    // The user id comes first: ids hold no '|', so the email, last, may hold anything.
    String raw = VERSION + "|" + userId + "|" + email;
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(raw.getBytes(StandardCharsets.UTF_8));
  }

  /** Null for an empty token (the first page). */
  static MemberPageToken decode(String token) {
    if (token.isEmpty()) {
      return null;
    }
    RequestFields.maxLength("page_token", token, Limits.PAGE_TOKEN);
    try {
      String raw = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
      String[] parts = raw.split("\\|", 3);
      if (parts.length != 3 || !parts[0].equals(VERSION)) {
        throw new IllegalArgumentException("unknown token layout");
      }
      return new MemberPageToken(parts[2], parts[1]);
    } catch (IllegalArgumentException e) {
      throw invalid("page_token", "is not a token this API issued; pass next_page_token unchanged");
    }
  }
}
