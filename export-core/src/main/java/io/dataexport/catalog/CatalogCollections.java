package io.dataexport.catalog;

/**
 * The platform's collections this service reads users' data from (docs/source-data.md describes
 * their fields). This service never writes to them; the standalone launcher seeds demo data.
 */
public final class CatalogCollections {

  public static final String ENTERPRISES = "enterprises";
  public static final String USERS = "users";
  public static final String PLATFORM_USERS = "platform_users";
  public static final String USER_PERSONALIZATION = "user_personalization";
  public static final String SESSIONS = "sessions";
  public static final String SESSION_FILES = "session_files";
  public static final String TEAMS = "teams";
  public static final String TEAM_USER_RELATIONS = "team_user_relations";

  /**
   * Which sessions belong to an enterprise (docs/source-data.md): the export and the task list both
   * apply this rule, so a task list never shows a session the export would not carry.
   */
  public static final EnterpriseScope SESSIONS_SCOPE = EnterpriseScope.TAGGED;

  private CatalogCollections() {}
}
