package io.dataexport.export;

/**
 * Whose exports run one at a time: a user of an enterprise, or the enterprise's workspace. Its
 * {@link #key()} is the Kafka record key of the job's ExportRequested (so a subject's requests stay
 * on one partition, in order) and the value of the job store's one-processing-per-subject slot.
 *
 * @param userId the user; null for a workspace
 */
public record ExportSubject(JobKind kind, String enterpriseUid, String userId) {

  public ExportSubject {
    if ((kind == JobKind.WORKSPACE) != (userId == null)) {
      throw new IllegalArgumentException(
          "a user-data export names its user, a workspace export none");
    }
  }

  public static ExportSubject user(String enterpriseUid, String userId) {
    return new ExportSubject(JobKind.USER_DATA, enterpriseUid, userId);
  }

  public static ExportSubject workspace(String enterpriseUid) {
    return new ExportSubject(JobKind.WORKSPACE, enterpriseUid, null);
  }

  /**
   * {@code <enterprise_uid>/<user_id>} for a user, {@code <enterprise_uid>#workspace} for a
   * workspace: a user's key always has a slash after the enterprise uid and a workspace's never
   * (enterprise uids have no slash; they are path segments of archive names), so no user id can
   * collide with a workspace.
   */
  public String key() {
    return kind == JobKind.WORKSPACE ? enterpriseUid + "#workspace" : enterpriseUid + "/" + userId;
  }
}
