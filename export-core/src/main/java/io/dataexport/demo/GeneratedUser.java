package io.dataexport.demo;

import java.time.Instant;
import java.util.List;

/** A user the generator made, with the facts a test needs to compute what an export holds. */
public record GeneratedUser(
    String userId,
    String email,
    String name,
    Instant createdAt,
    boolean deleted,
    Instant deletedAt,
    List<Membership> memberships) {

  /** One membership; {@code leftAt} null while still a member. */
  public record Membership(String enterpriseUid, String role, Instant joinedAt, Instant leftAt) {

    public boolean covers(Instant t) {
      return !t.isBefore(joinedAt) && (leftAt == null || !t.isAfter(leftAt));
    }
  }

  public GeneratedUser {
    memberships = List.copyOf(memberships);
  }

  /** The enterprise the user belonged to at {@code t}, or null. */
  public String enterpriseAt(Instant t) {
    return memberships.stream()
        .filter(m -> m.covers(t))
        .map(Membership::enterpriseUid)
        .findFirst()
        .orElse(null);
  }

  public boolean memberOf(String enterpriseUid) {
    return memberships.stream().anyMatch(m -> m.enterpriseUid().equals(enterpriseUid));
  }

  /** Records are made while the account exists: from its creation to its deletion or the end. */
  Instant activeUntil(Instant end) {
    return deletedAt != null ? deletedAt : end;
  }

  public boolean moved() {
    return memberships.size() > 1;
  }
}
