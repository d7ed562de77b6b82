package io.dataexport.gateway.api;

import java.time.Duration;
import java.util.Optional;
import org.springframework.http.HttpHeaders;

/**
 * A request the API refuses or cannot serve, with the message the client sees. Messages about a
 * field start with the field's wire name and then state the rule: {@code "start_time: must not be
 * after end_time"}.
 */
public class ApiException extends RuntimeException {

  private final ErrorCode code;
  private final Duration retryAfter;

  public ApiException(ErrorCode code, String message) {
    this(code, message, null);
  }

  /**
   * @param retryAfter when the same call may succeed (sent as {@code Retry-After}); null if unknown
   */
  public ApiException(ErrorCode code, String message, Duration retryAfter) {
    super(message);
    this.code = code;
    this.retryAfter = retryAfter;
  }

  public ErrorCode code() {
    return code;
  }

  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }

  /** The HTTP headers of the refusal: {@code Retry-After} in whole seconds when known. */
  public HttpHeaders headers() {
    HttpHeaders headers = new HttpHeaders();
    retryAfter()
        .ifPresent(wait -> headers.set(HttpHeaders.RETRY_AFTER, Long.toString(wait.toSeconds())));
    return headers;
  }

  public static ApiException invalid(String field, String rule) {
    return new ApiException(ErrorCode.INVALID_ARGUMENT, field + ": " + rule);
  }

  public static ApiException notFound(String what) {
    return new ApiException(ErrorCode.NOT_FOUND, what);
  }
}
