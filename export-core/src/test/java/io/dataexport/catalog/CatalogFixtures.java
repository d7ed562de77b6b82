package io.dataexport.catalog;

import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import org.bson.Document;

/**
 * Source documents shaped like the platform's (docs/source-data.md): users with their enterprise
 * memberships, enterprises, sessions and session files. Only the fields the catalog reads, plus a
 * secret or two that no reader should return.
 */
public final class CatalogFixtures {

  private CatalogFixtures() {}

  public static Document enterprise(String uid, Boolean requireReason) {
    Document enterprise = new Document("_id", uid).append("name", "Enterprise " + uid);
    if (requireReason != null) {
      enterprise.append("require_reason", requireReason);
    }
    return enterprise;
  }

  /** A current member of each of {@code enterpriseUids}. */
  public static Document user(String id, String email, String name, String... enterpriseUids) {
    return new Document("_id", id)
        .append("email", email)
        .append("name", name)
        .append("deleted", false)
        .append("password_hash", "$2a$10$never-exported")
        .append(
            "enterprise_memberships",
            Arrays.stream(enterpriseUids)
                .map(
                    uid ->
                        new Document("enterprise_uid", uid)
                            .append("role", "member")
                            .append("left_at", null))
                .toList());
  }

  /** A deleted account that was a member of {@code enterpriseUid} until {@code leftAt}. */
  public static Document deletedFormerMember(
      String id, String email, String name, String enterpriseUid, Instant leftAt) {
    return new Document("_id", id)
        .append("email", email)
        .append("name", name)
        .append("deleted", true)
        .append("deleted_at", Date.from(leftAt))
        .append(
            "enterprise_memberships",
            List.of(
                new Document("enterprise_uid", enterpriseUid)
                    .append("role", "member")
                    .append("left_at", Date.from(leftAt))));
  }

  public static Document session(
      String id, String userId, String title, Instant createdAt, boolean deleted) {
    return new Document("_id", id)
        .append("user_id", userId)
        .append("title", title)
        .append("created_at", Date.from(createdAt))
        .append("deleted", deleted)
        .append(
            "events",
            List.of(
                new Document("type", "user_message")
                    .append("at", Date.from(createdAt))
                    .append("text", "Hello about " + title)));
  }

  public static Document sessionFile(String id, String sessionId, String userId, String name) {
    return new Document("_id", id)
        .append("session_id", sessionId)
        .append("user_id", userId)
        .append("name", name)
        .append("content_type", "text/plain")
        .append("size_bytes", 3)
        .append("deleted", false);
  }
}
