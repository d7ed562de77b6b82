package io.dataexport.archive;

import io.dataexport.export.JobKind;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Entry names of the export ZIP (reference/export-api-overview.txt); the manifest comes first. */
public final class ArchiveLayout {

  public static final String MANIFEST = "manifest.json";

  /**
   * The archive's second entry when the worker signs manifests: the key id and the Ed25519
   * signature of the exact bytes of {@link #MANIFEST}.
   */
  public static final String MANIFEST_SIGNATURE = "manifest.json.sig";

  /** Attached files go under {@code files/<session_uid>/}. */
  public static final String FILES_FOLDER = "files/";

  public static final String USER = "user.json";
  public static final String PLATFORM_USER = "platform_user.json";
  public static final String USER_CLIENT_CONFIG = "user_client_config.json";
  public static final String USER_PERSONALIZATION = "user_personalization.json";
  public static final String PROJECT = "project.json";
  public static final String SESSION_INFO = "session_info.json";
  public static final String SESSION_FILE_INFO = "session_file_info.json";
  public static final String SKILL = "skill.json";
  public static final String USER_KNOWLEDGE = "user_knowledge.json";
  public static final String NOTIFICATIONS = "notifications.json";
  public static final String TEAM = "team.json";
  public static final String TEAM_USER_RELATION = "team_user_relation.json";

  private ArchiveLayout() {}

  /** {@code files/<session_uid>/<name>}. */
  public static String sessionFile(String sessionUid, String fileName) {
    return FILES_FOLDER + sessionUid + "/" + fileName;
  }

  /**
   * The object name of an export attempt's archive in the archive store. Each attempt writes its
   * own object, so a worker that lost its lease but still runs can never overwrite the archive of
   * the attempt that replaced it.
   */
  public static String objectName(
      JobKind kind, String enterpriseUid, String exportUid, int attempt) {
    return "exports/"
        + enterpriseUid
        + "/"
        + exportUid
        + "-"
        + attempt
        + "."
        + kind.archiveExtension();
  }

  // what objectName makes: the enterprise, the export uid, the attempt, the kind's extension
  private static final Pattern OBJECT_NAME =
      Pattern.compile("exports/([^/]+)/([^/]+)-([1-9][0-9]*)\\.(zip|json)");

  /** The archive an object name names, if it is one {@link #objectName} makes. */
  public static Optional<ArchiveObject> parseObjectName(String objectName) {
    Matcher m = OBJECT_NAME.matcher(objectName);
    return m.matches()
        ? Optional.of(
            new ArchiveObject(
                m.group(1), m.group(2), Integer.parseInt(m.group(3)), kindOf(m.group(4))))
        : Optional.empty();
  }

  private static JobKind kindOf(String extension) {
    for (JobKind kind : JobKind.values()) {
      if (kind.archiveExtension().equals(extension)) {
        return kind;
      }
    }
    throw new IllegalArgumentException("no archive kind has the extension " + extension);
  }

  /** An export attempt's archive, as its object name says. */
  public record ArchiveObject(String enterpriseUid, String exportUid, int attempt, JobKind kind) {}
}
