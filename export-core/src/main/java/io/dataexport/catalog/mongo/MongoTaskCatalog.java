package io.dataexport.catalog.mongo;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.gte;
import static com.mongodb.client.model.Filters.in;
import static com.mongodb.client.model.Filters.lt;
import static com.mongodb.client.model.Filters.lte;
import static com.mongodb.client.model.Filters.ne;
import static com.mongodb.client.model.Filters.or;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import io.dataexport.catalog.CatalogCollections;
import io.dataexport.catalog.MembershipWindows;
import io.dataexport.catalog.TaskCatalog;
import io.dataexport.catalog.TaskSummary;
import io.dataexport.catalog.UserCatalog;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * {@link TaskCatalog} on the platform's {@code sessions} and {@code session_files}. Only the
 * enterprise's own sessions of the user are listed ({@link CatalogCollections#SESSIONS_SCOPE}),
 * exactly those an export would carry.
 */
public class MongoTaskCatalog implements TaskCatalog {

  private final MongoCollection<Document> sessions;
  private final MongoCollection<Document> files;
  private final UserCatalog users;

  public MongoTaskCatalog(MongoDatabase database, UserCatalog users) {
    this.sessions = database.getCollection(CatalogCollections.SESSIONS);
    this.files = database.getCollection(CatalogCollections.SESSION_FILES);
    this.users = users;
  }

  @Override
  public Set<String> ownedBy(String enterpriseUid, String userId, Collection<String> sessionIds) {
    Set<String> owned = new HashSet<>();
    if (sessionIds.isEmpty()) {
      return owned;
    }
    MembershipWindows membership = users.memberships(enterpriseUid, userId);
    sessions
        .find(
            and(
                eq("user_id", userId),
                in("_id", sessionIds),
                CatalogCollections.SESSIONS_SCOPE.filter(membership)))
        .projection(Projections.include("_id"))
        .forEach(d -> owned.add(d.getString("_id")));
    return owned;
  }

  @Override
  public List<TaskSummary> list(TaskQuery query) {
    MembershipWindows membership = users.memberships(query.enterpriseUid(), query.userId());
    List<Bson> filters = new ArrayList<>();
    filters.add(eq("user_id", query.userId()));
    filters.add(CatalogCollections.SESSIONS_SCOPE.filter(membership));
    if (!query.includeDeleted()) {
      filters.add(ne("deleted", true));
    }
    if (query.startTime() != null) {
      filters.add(gte("created_at", Date.from(query.startTime())));
    }
    if (query.endTime() != null) {
      filters.add(lte("created_at", Date.from(query.endTime())));
    }
    if (query.afterCreatedAt() != null) {
      Date after = Date.from(query.afterCreatedAt());
      filters.add(
          or(
              lt("created_at", after),
              and(eq("created_at", after), lt("_id", query.afterSessionId()))));
    }
    List<Document> page =
        sessions
            .find(and(filters))
            .projection(Projections.include("_id", "title", "created_at", "deleted"))
            .sort(Sorts.descending("created_at", "_id"))
            .limit(query.limit())
            .into(new ArrayList<>());
    Map<String, Integer> fileCounts =
        fileCounts(query.userId(), page.stream().map(d -> d.getString("_id")).toList(), query);
    return page.stream()
        .map(
            d ->
                new TaskSummary(
                    d.getString("_id"),
                    d.getString("title"),
                    d.getDate("created_at").toInstant(),
                    d.getBoolean("deleted", false),
                    fileCounts.getOrDefault(d.getString("_id"), 0)))
        .toList();
  }

  /** The files an export with the same filters would carry, per session. */
  private Map<String, Integer> fileCounts(String userId, List<String> sessionIds, TaskQuery query) {
    Map<String, Integer> counts = new HashMap<>();
    if (sessionIds.isEmpty()) {
      return counts;
    }
    // A file goes with its session (the session passed the time bounds and the enterprise's
    // rule); only the deleted flag is the file's own.
    List<Bson> filters = new ArrayList<>();
    filters.add(eq("user_id", userId));
    filters.add(in("session_id", sessionIds));
    if (!query.includeDeleted()) {
      filters.add(ne("deleted", true));
    }
    files
        .find(and(filters))
        .projection(Projections.include("session_id"))
        .forEach(d -> counts.merge(d.getString("session_id"), 1, Integer::sum));
    return counts;
  }
}
