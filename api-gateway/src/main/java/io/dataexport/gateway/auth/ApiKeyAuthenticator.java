package io.dataexport.gateway.auth;

import io.dataexport.gateway.api.ApiException;
import io.dataexport.gateway.api.ErrorCode;
import java.time.Clock;
import java.time.Instant;

/** Turns the presented {@code X-API-Key} into a {@link Caller}, or refuses it. */
public class ApiKeyAuthenticator {

  public static final String HEADER = "X-API-Key";

  private final ApiKeyStore keys;
  private final Clock clock;

  public ApiKeyAuthenticator(ApiKeyStore keys, Clock clock) {
    this.keys = keys;
    this.clock = clock;
  }

  public Caller authenticate(String presentedKey, String clientAddress) {
    if (presentedKey == null || presentedKey.isBlank()) {
      throw new ApiException(
          ErrorCode.UNAUTHENTICATED, "missing API key: send it in the " + HEADER + " header");
    }
    Instant now = clock.instant();
    ApiKeyStore.Grant grant =
        keys.verify(presentedKey.strip(), now)
            .orElseThrow(
                () ->
                    new ApiException(
                        ErrorCode.UNAUTHENTICATED,
                        "the API key is not valid (unknown, revoked or expired)"));
    keys.recordUse(grant.keyId(), now);
    return new Caller(grant.enterpriseUid(), grant.keyId(), grant.role(), clientAddress);
  }
}
