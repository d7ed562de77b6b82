package io.dataexport.catalog;

import java.time.Duration;
import java.util.Optional;

/**
 * Finds the users an enterprise may export: anyone who is or was one of its members, deleted
 * accounts included. A user who never belonged to the enterprise is not found, exactly like one who
 * does not exist, so that no caller can probe another tenant's users.
 */
public interface UserCatalog {

  Optional<UserAccount> findMember(String enterpriseUid, String userId);

  /** Email matching ignores case. */
  Optional<UserAccount> findMemberByEmail(String enterpriseUid, String email);

  /**
   * When {@code userId} was a member of {@code enterpriseUid}: what decides which of the user's
   * records belong to that enterprise. Empty windows for a user who never was one.
   */
  MembershipWindows memberships(String enterpriseUid, String userId);

  /** Whether the enterprise's policy makes a reason mandatory on every export. */
  boolean reasonRequired(String enterpriseUid);

  /** How long the enterprise keeps finished archives, when its policy says (else the default). */
  Optional<Duration> archiveRetention(String enterpriseUid);

  /** The enterprise's plan tier as a bounded metric label ({@link EnterpriseTier}). */
  String tier(String enterpriseUid);
}
