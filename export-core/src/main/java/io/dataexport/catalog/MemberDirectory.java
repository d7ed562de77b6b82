package io.dataexport.catalog;

import java.time.Instant;
import java.util.List;

/**
 * Finds an enterprise's members, current and former, deleted accounts included, by a piece of their
 * email or name — how an administrator looks up whom to export. Sees only the members of the
 * enterprise asked about.
 */
public interface MemberDirectory {

  /** Members ordered by email, then user id; at most {@code query.limit()} of them. */
  List<Member> search(MemberQuery query);

  /**
   * @param text matched, ignoring case, anywhere in the email or the name; empty matches everyone
   * @param afterEmail with {@code afterUserId}, the position of the previous page's last member;
   *     both null for the first page
   */
  record MemberQuery(
      String enterpriseUid, String text, String afterEmail, String afterUserId, int limit) {}

  /**
   * A member as the enterprise's membership describes them.
   *
   * @param leftAt when they left the enterprise; null while they are a member
   */
  record Member(
      String userId,
      String email,
      String name,
      boolean deleted,
      String role,
      Instant joinedAt,
      Instant leftAt) {}
}
