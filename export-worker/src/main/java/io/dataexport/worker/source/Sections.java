package io.dataexport.worker.source;

import io.dataexport.api.v1.EnterpriseExportScope;
import io.dataexport.archive.ArchiveLayout;
import io.dataexport.catalog.CatalogCollections;
import io.dataexport.catalog.EnterpriseScope;
import java.util.List;

/**
 * The source-data catalog: for each archive section, its collection, the field naming the user, the
 * creation time, the soft-delete flag, the rule deciding which records belong to the exporting
 * enterprise, and the fields that may leave (nested ones included). docs/source-data.md describes
 * the same table for operators.
 *
 * <p>It is one Java table rather than configuration on purpose: the allow-lists are the boundary
 * that keeps secrets and other tenants' data in, so changing one is a code change that is reviewed
 * and tested (SectionsTest, the canary tests), not a property an installation can widen; and a few
 * sections need a rule of their own that no configuration format would express. A new section is
 * one entry here (and at most one small {@link SectionRule}).
 */
public final class Sections {

  private static final String ID = "_id";
  private static final String USER_ID = "user_id";
  private static final String CREATED_AT = "created_at";
  private static final String DELETED = "deleted";

  public static final Section USER =
      new Section(
          ArchiveLayout.USER,
          CatalogCollections.USERS,
          ID,
          null,
          null, // a deleted account is exported too: user.json is always there
          null, // the user is a member, or the export was refused
          null,
          null,
          FieldAllowList.of(
              ID,
              "email",
              "name",
              CREATED_AT,
              DELETED,
              "deleted_at",
              "locale",
              "enterprise_memberships.enterprise_uid",
              "enterprise_memberships.role",
              "enterprise_memberships.joined_at",
              "enterprise_memberships.left_at"),
          new OwnMembershipOnly());

  public static final Section PLATFORM_USER =
      owned(
          ArchiveLayout.PLATFORM_USER,
          CatalogCollections.PLATFORM_USERS,
          null,
          EnterpriseScope.CREATED_WHILE_MEMBER,
          FieldAllowList.of(ID, USER_ID, "platform", "external_id", CREATED_AT));

  public static final Section USER_CLIENT_CONFIG =
      owned(
          ArchiveLayout.USER_CLIENT_CONFIG,
          "user_client_configs",
          DELETED,
          EnterpriseScope.CREATED_WHILE_MEMBER,
          FieldAllowList.of(
              ID,
              USER_ID,
              CREATED_AT,
              DELETED,
              "client",
              "settings.theme",
              "settings.language",
              "settings.font_size",
              "settings.shortcuts.action",
              "settings.shortcuts.keys"));

  public static final Section USER_PERSONALIZATION =
      new Section(
          ArchiveLayout.USER_PERSONALIZATION,
          CatalogCollections.USER_PERSONALIZATION,
          USER_ID,
          null, // settings, not content: the export's time bounds do not apply
          null,
          EnterpriseScope.CREATED_WHILE_MEMBER,
          null,
          null,
          FieldAllowList.of(
              ID, USER_ID, "language", "theme", "instructions", CREATED_AT, "updated_at"),
          SectionRule.NONE);

  public static final Section PROJECT =
      new Section(
          ArchiveLayout.PROJECT,
          "projects",
          USER_ID,
          CREATED_AT,
          DELETED,
          EnterpriseScope.TAGGED,
          null,
          null,
          FieldAllowList.of(ID, USER_ID, "name", "kind", "description", CREATED_AT, DELETED),
          new ProjectsOfScope());

  public static final Section SESSION_INFO =
      new Section(
          ArchiveLayout.SESSION_INFO,
          CatalogCollections.SESSIONS,
          USER_ID,
          CREATED_AT,
          DELETED,
          CatalogCollections.SESSIONS_SCOPE,
          ID,
          null,
          FieldAllowList.of(
              ID, USER_ID, "title", CREATED_AT, DELETED, "events.type", "events.at", "events.text"),
          SectionRule.NONE);

  public static final Section SESSION_FILE_INFO =
      new Section(
          ArchiveLayout.SESSION_FILE_INFO,
          CatalogCollections.SESSION_FILES,
          USER_ID,
          null, // a file goes with its session: the session's time bounds and enterprise decide
          DELETED,
          null,
          "session_id",
          new Section.Follows(SESSION_INFO, ID, "session_id"),
          FieldAllowList.of(
              ID, "session_id", USER_ID, "name", "content_type", "size_bytes", CREATED_AT, DELETED),
          SectionRule.NONE);

  public static final Section SKILL =
      owned(
          ArchiveLayout.SKILL,
          "skills",
          DELETED,
          EnterpriseScope.TAGGED,
          FieldAllowList.of(
              ID,
              USER_ID,
              "name",
              "description",
              "version",
              "archive_size_bytes",
              CREATED_AT,
              DELETED));

  public static final Section USER_KNOWLEDGE =
      owned(
          ArchiveLayout.USER_KNOWLEDGE,
          "user_knowledge",
          DELETED,
          EnterpriseScope.TAGGED,
          FieldAllowList.of(ID, USER_ID, "title", "content", "tags", CREATED_AT, DELETED));

  public static final Section NOTIFICATIONS =
      owned(
          ArchiveLayout.NOTIFICATIONS,
          "notifications",
          DELETED,
          EnterpriseScope.CREATED_WHILE_MEMBER,
          FieldAllowList.of(ID, USER_ID, "kind", "title", "body", "read", CREATED_AT, DELETED));

  public static final Section TEAM_USER_RELATION =
      owned(
          ArchiveLayout.TEAM_USER_RELATION,
          CatalogCollections.TEAM_USER_RELATIONS,
          DELETED,
          EnterpriseScope.TAGGED,
          FieldAllowList.of(ID, USER_ID, "team_id", "role", CREATED_AT, DELETED));

  /** The teams the user's exported relations name, the enterprise's own only. */
  public static final Section TEAM =
      new Section(
          ArchiveLayout.TEAM,
          CatalogCollections.TEAMS,
          null,
          null, // a team's own age says nothing about the user's data: no time bounds
          DELETED,
          EnterpriseScope.TAGGED,
          null,
          new Section.Follows(TEAM_USER_RELATION, "team_id", ID),
          FieldAllowList.of(ID, "name", "description", CREATED_AT, DELETED),
          SectionRule.NONE);

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
              TEAM,
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

  /**
   * Whether an export of {@code scope} carries files (if include_files): the sessions' attached
   * files, and with {@code skill.json} the skills' archives.
   */
  public static boolean carriesFiles(EnterpriseExportScope scope) {
    return scope == EnterpriseExportScope.ENTERPRISE_EXPORT_SCOPE_FULL
        || scope == EnterpriseExportScope.ENTERPRISE_EXPORT_SCOPE_TASKS_WITH_ATTACHMENTS
        || scope == EnterpriseExportScope.ENTERPRISE_EXPORT_SCOPE_CUSTOM_SESSION_IDS;
  }

  /** A section owned by {@code user_id}, bounded by {@code created_at}, with no rule of its own. */
  private static Section owned(
      String entryName,
      String collection,
      String softDeleteField,
      EnterpriseScope scope,
      FieldAllowList fields) {
    return new Section(
        entryName,
        collection,
        USER_ID,
        CREATED_AT,
        softDeleteField,
        scope,
        null,
        null,
        fields,
        SectionRule.NONE);
  }
}
