package io.dataexport.catalog;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.gte;
import static com.mongodb.client.model.Filters.lte;
import static com.mongodb.client.model.Filters.or;

import com.mongodb.client.model.Filters;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * When a user was a member of one enterprise: one window per membership entry naming it (a user who
 * left and came back has two). A record of a collection without an enterprise tag belongs to the
 * enterprise exactly when it was created inside one of these windows, bounds included.
 */
public record MembershipWindows(String enterpriseUid, List<Window> windows) {

  public static final String MEMBERSHIPS = "enterprise_memberships";

  /** {@code joinedAt} null: since the account existed; {@code leftAt} null: still a member. */
  public record Window(Instant joinedAt, Instant leftAt) {

    boolean contains(Instant t) {
      return (joinedAt == null || !t.isBefore(joinedAt)) && (leftAt == null || !t.isAfter(leftAt));
    }
  }

  public MembershipWindows {
    windows = List.copyOf(windows);
  }

  /** The windows of {@code user} (a {@code users} document, or null) in {@code enterpriseUid}. */
  public static MembershipWindows of(Document user, String enterpriseUid) {
    List<Window> windows = new ArrayList<>();
    if (user != null) {
      for (Document membership : user.getList(MEMBERSHIPS, Document.class, List.of())) {
        if (enterpriseUid.equals(membership.getString("enterprise_uid"))) {
          windows.add(
              new Window(instant(membership.get("joined_at")), instant(membership.get("left_at"))));
        }
      }
    }
    return new MembershipWindows(enterpriseUid, windows);
  }

  public boolean isMember() {
    return !windows.isEmpty();
  }

  public boolean contains(Instant t) {
    return t != null && windows.stream().anyMatch(w -> w.contains(t));
  }

  /** Records whose {@code timeField} lies in a window; none when the user never was a member. */
  public Bson createdWithin(String timeField) {
    if (windows.isEmpty()) {
      return Filters.in("_id", List.of()); // matches nothing
    }
    List<Bson> any = new ArrayList<>();
    for (Window w : windows) {
      List<Bson> bounds = new ArrayList<>();
      // a record without a creation time cannot be shown to fall inside: it is left out
      bounds.add(Filters.type(timeField, "date"));
      if (w.joinedAt() != null) {
        bounds.add(gte(timeField, Date.from(w.joinedAt())));
      }
      if (w.leftAt() != null) {
        bounds.add(lte(timeField, Date.from(w.leftAt())));
      }
      any.add(and(bounds));
    }
    return any.size() == 1 ? any.get(0) : or(any);
  }

  private static Instant instant(Object value) {
    return value instanceof Date date ? date.toInstant() : null;
  }
}
