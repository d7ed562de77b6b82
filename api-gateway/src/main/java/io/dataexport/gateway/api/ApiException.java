package io.dataexport.gateway.api;

/**
 * A request the API refuses or cannot serve, with the message the client sees. Messages about a
 * field start with the field's wire name and then state the rule: {@code "start_time: must not be
 * after end_time"}.
 */
public class ApiException extends RuntimeException {

  private final ErrorCode code;

  public ApiException(ErrorCode code, String message) {
    super(message);
    this.code = code;
  }

  public ErrorCode code() {
    return code;
  }

  public static ApiException invalid(String field, String rule) {
    return new ApiException(ErrorCode.INVALID_ARGUMENT, field + ": " + rule);
  }

  public static ApiException notFound(String what) {
    return new ApiException(ErrorCode.NOT_FOUND, what);
  }
}
