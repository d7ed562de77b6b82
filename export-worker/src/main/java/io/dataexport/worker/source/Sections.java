package io.dataexport.worker.source;

import io.dataexport.api.v1.EnterpriseExportScope;
import io.dataexport.archive.ArchiveLayout;
import io.dataexport.catalog.CatalogCollections;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/** Which sections each scope exports, and which fields of each. Secrets are in no list. */
public final class Sections {

  public static final Section USER =
      new Section(
          ArchiveLayout.USER,
          CatalogCollections.USERS,
          "_id",
          null,
          null,
          false,
          List.of(
              "_id",
              "email",
              "name",
              "created_at",
              "deleted",
              "deleted_at",
              "locale",
              "enterprise_memberships"));
  public static final Section PLATFORM_USER =
      new Section(
          ArchiveLayout.PLATFORM_USER,
          CatalogCollections.PLATFORM_USERS,
          "user_id",
          "created_at",
          null,
          false,
          List.of("_id", "user_id", "platform", "external_id", "created_at"));
  public static final Section USER_CLIENT_CONFIG =
      section(ArchiveLayout.USER_CLIENT_CONFIG, "user_client_configs", "client", "settings");
  public static final Section USER_PERSONALIZATION =
      new Section(
          ArchiveLayout.USER_PERSONALIZATION,
          CatalogCollections.USER_PERSONALIZATION,
          "user_id",
          null,
          null,
          false,
          List.of("_id", "user_id", "language", "theme", "instructions", "updated_at"));
  public static final Section PROJECT =
      section(ArchiveLayout.PROJECT, "projects", "name", "kind", "description");
  public static final Section SESSION_INFO =
      new Section(
          ArchiveLayout.SESSION_INFO,
          CatalogCollections.SESSIONS,
          "user_id",
          "created_at",
          "_id",
          true,
          List.of("_id", "user_id", "title", "created_at", "deleted", "events"));
  public static final Section SESSION_FILE_INFO =
      new Section(
          ArchiveLayout.SESSION_FILE_INFO,
          CatalogCollections.SESSION_FILES,
          "user_id",
          null, // a file follows its session: the session's time bounds decide
          "session_id",
          true,
          List.of(
              "_id",
              "session_id",
              "user_id",
              "name",
              "content_type",
              "size_bytes",
              "created_at",
              "deleted"));
  public static final Section SKILL = section(ArchiveLayout.SKILL, "skills", "name", "description");
  public static final Section USER_KNOWLEDGE =
      section(ArchiveLayout.USER_KNOWLEDGE, "user_knowledge", "title", "content");
  public static final Section NOTIFICATIONS =
      section(ArchiveLayout.NOTIFICATIONS, "notifications", "kind", "title", "body", "read");
  public static final Section TEAM_USER_RELATION =
      section(ArchiveLayout.TEAM_USER_RELATION, "team_user_relations", "team_id", "role");

  private Sections() {}

  /** The sections of an export of {@code scope}, in archive order. */
  public static List<Section> forScope(EnterpriseExportScope scope) {
    return switch (scope) {
      case ENTERPRISE_EXPORT_SCOPE_FULL ->
          List.of(
              USER,
              PLATFORM_USER,
              USER_CLIENT_CONFIG,
              USER_PERSONALIZATION,
              PROJECT,
              SESSION_INFO,
              SESSION_FILE_INFO,
              SKILL,
              USER_KNOWLEDGE,
              NOTIFICATIONS,
              TEAM_USER_RELATION);
      case ENTERPRISE_EXPORT_SCOPE_TASKS,
          ENTERPRISE_EXPORT_SCOPE_TASKS_WITH_ATTACHMENTS,
          ENTERPRISE_EXPORT_SCOPE_CUSTOM_SESSION_IDS ->
          List.of(USER, SESSION_INFO, SESSION_FILE_INFO);
      case ENTERPRISE_EXPORT_SCOPE_WEBDEV_PROJECT, ENTERPRISE_EXPORT_SCOPE_PROJECT ->
          List.of(USER, PROJECT);
      default -> throw new IllegalArgumentException("no sections for scope " + scope);
    };
  }

  /** Whether an export of {@code scope} carries the sessions' attached files (if include_files). */
  public static boolean carriesFiles(EnterpriseExportScope scope) {
    return scope == EnterpriseExportScope.ENTERPRISE_EXPORT_SCOPE_FULL
        || scope == EnterpriseExportScope.ENTERPRISE_EXPORT_SCOPE_TASKS_WITH_ATTACHMENTS
        || scope == EnterpriseExportScope.ENTERPRISE_EXPORT_SCOPE_CUSTOM_SESSION_IDS;
  }

  /** A section owned by {@code user_id}, created at {@code created_at}, with these fields too. */
  private static Section section(String entryName, String collection, String... fields) {
    List<String> all =
        Stream.concat(Stream.of("_id", "user_id", "created_at", "deleted"), Arrays.stream(fields))
            .toList();
    return new Section(entryName, collection, "user_id", "created_at", null, true, all);
  }
}
