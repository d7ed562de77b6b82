package io.dataexport.catalog.mongo;

import static com.mongodb.client.model.Filters.eq;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Projections;
import io.dataexport.catalog.CatalogCollections;
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

  // Filters are written as one flat document that leads with an equality on an indexed single
  // field: the embedded MongoDB-wire server uses an index only for such a shape (an $and, as
  // Filters.and writes it, makes it scan the collection); a real mongod plans both alike.
  @Override
  public Optional<UserAccount> findMember(String enterpriseUid, String userId) {
    return findOne(new Document("_id", userId).append(MEMBERSHIP_ENTERPRISE, enterpriseUid));
  }

  @Override
  public Optional<UserAccount> findMemberByEmail(String enterpriseUid, String email) {
    // Emails are stored lower-cased (docs/source-data.md), so an exact match ignores case.
    return findOne(
        new Document("email", email.toLowerCase(Locale.ROOT))
            .append(MEMBERSHIP_ENTERPRISE, enterpriseUid));
  }

  @Override
  public MembershipWindows memberships(String enterpriseUid, String userId) {
    Document user =
        users
            .find(new Document("_id", userId))
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
    return Optional.ofNullable(d)
        .map(
            doc ->
                new UserAccount(
                    doc.getString("_id"),
                    doc.getString("email"),
                    doc.getString("name"),
                    doc.getBoolean("deleted", false)));
  }
}
