package io.dataexport.export;

import io.dataexport.api.v1.ExportStatus;
import java.util.Set;

/**
 * An export could not start because another export of the same user is PROCESSING (the one in
 * flight per user rule). Unlike other conflicts this one passes: the caller should retry.
 */
public class UserExportInProgressException extends ExportStateConflictException {
  public UserExportInProgressException(
      String uid, Set<ExportStatus> expected, ExportStatus target) {
    super(uid, expected, target, "blocked: another export of this user is processing");
  }
}
