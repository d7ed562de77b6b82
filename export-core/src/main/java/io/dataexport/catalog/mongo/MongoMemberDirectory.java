package io.dataexport.catalog.mongo;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.gt;
import static com.mongodb.client.model.Filters.or;
import static com.mongodb.client.model.Filters.regex;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import io.dataexport.catalog.CatalogCollections;
import io.dataexport.catalog.MemberDirectory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.regex.Pattern;
import org.bson.Document;
import org.bson.conversions.Bson;

/** {@link MemberDirectory} on the platform's {@code users} and their enterprise memberships. */
public class MongoMemberDirectory implements MemberDirectory {

  private static final String MEMBERSHIPS = "enterprise_memberships";

  private final MongoCollection<Document> users;

  public MongoMemberDirectory(MongoDatabase database) {
    this.users = database.getCollection(CatalogCollections.USERS);
  }

  @Override
  public List<Member> search(MemberQuery query) {
    List<Bson> filters = new ArrayList<>();
    filters.add(eq(MEMBERSHIPS + ".enterprise_uid", query.enterpriseUid()));
    if (!query.text().isEmpty()) {
      // The text is the caller's: quoted, so it is matched literally and cannot be a pattern.
      Pattern literal = Pattern.compile(Pattern.quote(query.text()), Pattern.CASE_INSENSITIVE);
      filters.add(or(regex("email", literal), regex("name", literal)));
    }
    if (query.afterEmail() != null) {
      filters.add(
          or(
              gt("email", query.afterEmail()),
              and(eq("email", query.afterEmail()), gt("_id", query.afterUserId()))));
    }
    return users
        .find(and(filters))
        .projection(Projections.include("_id", "email", "name", "deleted", MEMBERSHIPS))
        .sort(Sorts.ascending("email", "_id"))
        .limit(query.limit())
        .map(user -> member(user, query.enterpriseUid()))
        .into(new ArrayList<>());
  }

  private static Member member(Document user, String enterpriseUid) {
    Document membership =
        user.getList(MEMBERSHIPS, Document.class, List.of()).stream()
            .filter(m -> enterpriseUid.equals(m.getString("enterprise_uid")))
            .findFirst()
            .orElseGet(Document::new);
    return new Member(
        user.getString("_id"),
        user.getString("email"),
        user.getString("name"),
        user.getBoolean("deleted", false),
        membership.getString("role"),
        instant(membership.getDate("joined_at")),
        instant(membership.getDate("left_at")));
  }

  private static Instant instant(Date date) {
    return date == null ? null : date.toInstant();
  }
}
