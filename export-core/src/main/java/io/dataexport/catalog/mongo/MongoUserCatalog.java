package io.dataexport.catalog.mongo;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Projections;
import io.dataexport.catalog.CatalogCollections;
import io.dataexport.catalog.EnterpriseTier;
import io.dataexport.catalog.MembershipWindows;
import io.dataexport.catalog.UserAccount;
import io.dataexport.catalog.UserCatalog;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import org.bson.Document;
import org.bson.conversions.Bson;

/** {@link UserCatalog} on the platform's {@code users} collection. */
public class MongoUserCatalog implements UserCatalog {

  private static final String MEMBERSHIP_ENTERPRISE = "enterprise_memberships.enterprise_uid";

  private final MongoCollection<Document> users;
  private final MongoCollection<Document> enterprises;

  public MongoUserCatalog(MongoDatabase database) {
    this.users = database.getCollection(CatalogCollections.USERS);
    this.enterprises = database.getCollection(CatalogCollections.ENTERPRISES);
  }

  @Override
  public boolean reasonRequired(String enterpriseUid) {
    Document enterprise =
        enterprises
            .find(eq("_id", enterpriseUid))
            .projection(Projections.include("require_reason"))
            .first();
    return enterprise != null && enterprise.getBoolean("require_reason", false);
  }

  @Override
  public Optional<Duration> archiveRetention(String enterpriseUid) {
    Document enterprise =
        enterprises
            .find(eq("_id", enterpriseUid))
            .projection(Projections.include("archive_retention_days"))
            .first();
    return Optional.ofNullable(enterprise)
        .map(e -> e.get("archive_retention_days", Number.class))
        .map(days -> Duration.ofDays(days.longValue()));
  }

  @Override
  public String tier(String enterpriseUid) {
    Document enterprise =
        enterprises.find(eq("_id", enterpriseUid)).projection(Projections.include("tier")).first();
    return EnterpriseTier.label(enterprise == null ? null : enterprise.getString("tier"));
  }

  @Override
  public Optional<UserAccount> findMember(String enterpriseUid, String userId) {
    // By _id alone, the membership checked here: the embedded MongoDB-wire server answers a query
    // from an index only when the query names exactly the indexed fields, and _id is the one index
    // it has on a collection the platform owns (it ignores non-unique indexes); with the membership
    // in the query it scanned every user.
    Document user =
        users
            .find(eq("_id", userId))
            .projection(
                Projections.include(
                    "_id", "email", "name", "deleted", MembershipWindows.MEMBERSHIPS))
            .first();
    return MembershipWindows.of(user, enterpriseUid).isMember()
        ? Optional.of(account(user))
        : Optional.empty();
  }

  @Override
  public Optional<UserAccount> findMemberByEmail(String enterpriseUid, String email) {
    // Emails are stored lower-cased (docs/source-data.md), so an exact match ignores case.
    return findOne(
        and(eq("email", email.toLowerCase(Locale.ROOT)), eq(MEMBERSHIP_ENTERPRISE, enterpriseUid)));
  }

  @Override
  public MembershipWindows memberships(String enterpriseUid, String userId) {
    Document user =
        users
            .find(eq("_id", userId))
            .projection(Projections.include(MembershipWindows.MEMBERSHIPS))
            .first();
    return MembershipWindows.of(user, enterpriseUid);
  }

  private Optional<UserAccount> findOne(Bson filter) {
    Document d =
        users
            .find(filter)
            .projection(Projections.include("_id", "email", "name", "deleted"))
            .first();
    return Optional.ofNullable(d).map(MongoUserCatalog::account);
  }

  private static UserAccount account(Document doc) {
    return new UserAccount(
        doc.getString("_id"),
        doc.getString("email"),
        doc.getString("name"),
        doc.getBoolean("deleted", false));
  }
}
