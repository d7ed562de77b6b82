package io.dataexport.worker.source;

import io.dataexport.api.v1.EnterpriseExportScope;
import io.dataexport.demo.GeneratedUser;
import io.dataexport.export.ExportJob;
import io.dataexport.export.ExportJob.ExportFilters;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.bson.Document;

/**
 * What an export must hold, computed in plain Java from every document of the source collections
 * and the generator's facts about the user (its memberships), by the rules docs/source-data.md
 * states: independent of the reader's queries, so the two check each other.
 */
final class ExpectedRecords {

  /** How a collection is tied to an enterprise (docs/source-data.md). */
  enum Tie {
    TAGGED,
    CREATED_WHILE_MEMBER,
    NONE
  }

  record Rule(
      String entry, String collection, Tie tie, boolean timeBounded, boolean softDeletable) {}

  static final List<Rule> RULES =
      List.of(
          new Rule("platform_user.json", "platform_users", Tie.CREATED_WHILE_MEMBER, true, false),
          new Rule(
              "user_client_config.json",
              "user_client_configs",
              Tie.CREATED_WHILE_MEMBER,
              true,
              true),
          new Rule(
              "user_personalization.json",
              "user_personalization",
              Tie.CREATED_WHILE_MEMBER,
              false,
              false),
          new Rule("project.json", "projects", Tie.TAGGED, true, true),
          new Rule("session_info.json", "sessions", Tie.TAGGED, true, true),
          new Rule("skill.json", "skills", Tie.TAGGED, true, true),
          new Rule("user_knowledge.json", "user_knowledge", Tie.TAGGED, true, true),
          new Rule("notifications.json", "notifications", Tie.CREATED_WHILE_MEMBER, true, true),
          new Rule("team_user_relation.json", "team_user_relations", Tie.TAGGED, true, true));

  private final Map<String, List<Document>> collections;

  /**
   * @param collections every document of each source collection, by collection name
   */
  ExpectedRecords(Map<String, List<Document>> collections) {
    this.collections = collections;
  }

  /** The ids each JSON section of {@code job}'s archive must hold, oldest first. */
  Map<String, List<String>> sections(ExportJob job, GeneratedUser user) {
    ExportFilters f = job.filters();
    String enterprise = job.enterpriseUid();
    Map<String, List<String>> expected = new java.util.LinkedHashMap<>();
    expected.put("user.json", user.memberOf(enterprise) ? List.of(user.userId()) : List.of());
    for (Rule rule : RULES) {
      List<Document> kept =
          all(rule.collection()).stream()
              .filter(d -> user.userId().equals(d.getString("user_id")))
              .filter(d -> belongs(d, rule.tie(), user, enterprise))
              .filter(d -> !rule.softDeletable() || f.includeDeleted() || !deleted(d))
              .filter(d -> !rule.timeBounded() || within(created(d), f))
              .filter(narrowing(rule, f))
              .toList();
      expected.put(rule.entry(), ids(kept));
    }
    Set<String> sessions = Set.copyOf(expected.get("session_info.json"));
    expected.put(
        "session_file_info.json",
        ids(
            all("session_files").stream()
                .filter(d -> user.userId().equals(d.getString("user_id")))
                .filter(d -> sessions.contains(d.getString("session_id")))
                .filter(d -> f.includeDeleted() || !deleted(d))
                .toList()));
    Set<String> teamIds =
        all("team_user_relations").stream()
            .filter(d -> expected.get("team_user_relation.json").contains(d.getString("_id")))
            .map(d -> d.getString("team_id"))
            .collect(Collectors.toSet());
    expected.put(
        "team.json",
        ids(
            all("teams").stream()
                .filter(d -> teamIds.contains(d.getString("_id")))
                .filter(d -> enterprise.equals(d.getString("enterprise_uid")))
                .filter(d -> f.includeDeleted() || !deleted(d))
                .toList()));
    return expected;
  }

  private static Predicate<Document> narrowing(Rule rule, ExportFilters f) {
    if (rule.collection().equals("sessions")
        && f.scope() == EnterpriseExportScope.ENTERPRISE_EXPORT_SCOPE_CUSTOM_SESSION_IDS) {
      return d -> f.sessionIds().contains(d.getString("_id"));
    }
    if (rule.collection().equals("projects")) {
      if (f.scope() == EnterpriseExportScope.ENTERPRISE_EXPORT_SCOPE_WEBDEV_PROJECT) {
        return d ->
            "webdev".equals(d.getString("kind"))
                && (f.webdevProjectUids().isEmpty()
                    || f.webdevProjectUids().contains(d.getString("_id")));
      }
      if (f.scope() == EnterpriseExportScope.ENTERPRISE_EXPORT_SCOPE_PROJECT) {
        return d -> f.projectUids().isEmpty() || f.projectUids().contains(d.getString("_id"));
      }
    }
    return d -> true;
  }

  List<Document> all(String collection) {
    return collections.getOrDefault(collection, List.of());
  }

  static boolean belongs(Document d, Tie tie, GeneratedUser user, String enterprise) {
    Instant created = created(d);
    boolean whileMember =
        created != null
            && user.memberships().stream()
                .anyMatch(m -> m.enterpriseUid().equals(enterprise) && m.covers(created));
    return switch (tie) {
      case TAGGED ->
          d.getString("enterprise_uid") != null
              ? enterprise.equals(d.getString("enterprise_uid"))
              : whileMember;
      case CREATED_WHILE_MEMBER -> whileMember;
      case NONE -> true;
    };
  }

  static Instant created(Document d) {
    return d.get("created_at") instanceof Date date ? date.toInstant() : null;
  }

  private static boolean deleted(Document d) {
    return Boolean.TRUE.equals(d.getBoolean("deleted"));
  }

  private static boolean within(Instant t, ExportFilters f) {
    return (f.startTime() == null || (t != null && !t.isBefore(f.startTime())))
        && (f.endTime() == null || (t != null && !t.isAfter(f.endTime())));
  }

  private static List<String> ids(List<Document> docs) {
    List<Document> sorted = new ArrayList<>(docs);
    sorted.sort(
        Comparator.comparing(
                (Document d) -> created(d), Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparing(d -> d.getString("_id")));
    return sorted.stream().map(d -> d.getString("_id")).toList();
  }
}
