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

  private CatalogCollections() {}
}
