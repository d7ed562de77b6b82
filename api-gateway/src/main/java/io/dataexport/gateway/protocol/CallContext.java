package io.dataexport.gateway.protocol;

import io.dataexport.gateway.auth.ApiKeyAuthenticator;
import jakarta.servlet.http.HttpServletRequest;

/**
 * What the transport knows of a call before its body is read.
 *
 * @param idempotencyKey the {@value #IDEMPOTENCY_KEY_HEADER} header, or null when absent
 */
public record CallContext(
    String apiKey, String clientAddress, String requestId, String idempotencyKey) {

  public static final String IDEMPOTENCY_KEY_HEADER = "Idempotency-Key";

  public CallContext(String apiKey, String clientAddress, String requestId) {
    this(apiKey, clientAddress, requestId, null);
  }

  /** The context of an HTTP call, the same for both protocols. */
  public static CallContext of(HttpServletRequest http) {
    return new CallContext(
        http.getHeader(ApiKeyAuthenticator.HEADER),
        http.getRemoteAddr(),
        RequestIdFilter.of(http),
        http.getHeader(IDEMPOTENCY_KEY_HEADER));
  }

  @Override
  public String toString() {
    return "CallContext[clientAddress=" + clientAddress + ", requestId=" + requestId + "]";
  }
}
