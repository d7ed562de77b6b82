package io.dataexport.gateway.auth;

import io.dataexport.gateway.api.ApiException;
import io.dataexport.gateway.api.ErrorCode;

/** Turns the presented {@code X-API-Key} into a {@link Caller}, or refuses it. */
public class ApiKeyAuthenticator {

  public static final String HEADER = "X-API-Key";

  private final ApiKeyStore keys;

  public ApiKeyAuthenticator(ApiKeyStore keys) {
    this.keys = keys;
  }

  public Caller authenticate(String presentedKey, String clientAddress) {
    if (presentedKey == null || presentedKey.isBlank()) {
      throw new ApiException(
          ErrorCode.UNAUTHENTICATED, "missing API key: send it in the " + HEADER + " header");
    }
    ApiKeyStore.Grant grant =
        keys.verify(presentedKey.strip())
            .orElseThrow(
                () -> new ApiException(ErrorCode.UNAUTHENTICATED, "the API key is not valid"));
    return new Caller(grant.enterpriseUid(), grant.keyId(), grant.role(), clientAddress);
  }
}
