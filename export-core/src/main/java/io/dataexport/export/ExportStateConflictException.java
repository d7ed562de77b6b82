package io.dataexport.export;

import io.dataexport.api.v1.ExportStatus;
import java.util.Set;

/**
 * A compare-and-set state change matched nothing: the job was not in one of the expected states
 * (another worker or a cancel got there first), or another of the user's exports is processing.
 * Losing such a race is a normal outcome for the caller to log, not an error.
 */
public class ExportStateConflictException extends RuntimeException {

  private final String uid;
  private final ExportStatus target;

  public ExportStateConflictException(
      String uid, Set<ExportStatus> expected, ExportStatus target, String actual) {
    super(
        "export "
            + uid
            + " could not go to "
            + target
            + ": expected it in "
            + expected
            + " but it is "
            + actual);
    this.uid = uid;
    this.target = target;
  }

  public String uid() {
    return uid;
  }

  public ExportStatus target() {
    return target;
  }
}
