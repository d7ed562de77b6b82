package io.dataexport.gateway.api;

/** The error codes of both protocols: Connect's names, with Connect's HTTP status for each. */
public enum ErrorCode {
  INVALID_ARGUMENT("invalid_argument", 400),
  FAILED_PRECONDITION("failed_precondition", 400),
  UNAUTHENTICATED("unauthenticated", 401),
  PERMISSION_DENIED("permission_denied", 403),
  NOT_FOUND("not_found", 404),
  ALREADY_EXISTS("already_exists", 409),
  ABORTED("aborted", 409),
  RESOURCE_EXHAUSTED("resource_exhausted", 429),
  UNIMPLEMENTED("unimplemented", 501),
  INTERNAL("internal", 500),
  UNAVAILABLE("unavailable", 503);

  private final String wireName;
  private final int httpStatus;

  ErrorCode(String wireName, int httpStatus) {
    this.wireName = wireName;
    this.httpStatus = httpStatus;
  }

  public String wireName() {
    return wireName;
  }

  public int httpStatus() {
    return httpStatus;
  }
}
