package io.dataexport.gateway.keys;

import io.dataexport.api.v1.ApiKey;
import io.dataexport.api.v1.ApiKeyRole;
import io.dataexport.api.v1.IssueApiKeyRequest;
import io.dataexport.api.v1.IssueApiKeyResponse;
import io.dataexport.api.v1.ListApiKeysRequest;
import io.dataexport.api.v1.ListApiKeysResponse;
import io.dataexport.api.v1.RevokeApiKeyRequest;
import io.dataexport.api.v1.RevokeApiKeyResponse;
import io.dataexport.api.v1.RotateApiKeyRequest;
import io.dataexport.api.v1.RotateApiKeyResponse;
import io.dataexport.gateway.api.ApiException;
import io.dataexport.gateway.api.ErrorCode;
import io.dataexport.gateway.api.ProtoTime;
import io.dataexport.gateway.auth.ApiKeyStore;
import io.dataexport.gateway.auth.ApiKeyStore.KeyInfo;
import io.dataexport.gateway.auth.Caller;
import io.dataexport.gateway.auth.IssuedApiKey;
import io.dataexport.gateway.auth.Role;
import io.dataexport.gateway.request.RequestFields;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * An administrator's API keys of their own enterprise: list, issue, rotate, revoke. A key's secret
 * leaves the service once, in the answer that issued it; a key of another enterprise is not found.
 */
public class ApiKeyService {

  static final int MAX_NAME = 100;
  static final long MAX_OVERLAP_SECONDS = Duration.ofDays(7).toSeconds();
  static final long DEFAULT_OVERLAP_SECONDS = Duration.ofHours(24).toSeconds();

  private final ApiKeyStore keys;
  private final Clock clock;

  public ApiKeyService(ApiKeyStore keys, Clock clock) {
    this.keys = keys;
    this.clock = clock;
  }

  public ListApiKeysResponse list(Caller caller, ListApiKeysRequest request) {
    requireKeyRole(caller);
    ListApiKeysResponse.Builder response = ListApiKeysResponse.newBuilder();
    keys.list(caller.enterpriseUid()).forEach(key -> response.addKeys(toProto(key)));
    return response.build();
  }

  public IssueApiKeyResponse issue(Caller caller, IssueApiKeyRequest request) {
    requireKeyRole(caller);
    String name = request.getName().strip();
    if (name.isEmpty()) {
      throw ApiException.invalid("name", "is required: say what the key is for");
    }
    RequestFields.maxLength("name", name, MAX_NAME);
    Role role = role(request.getRole(), request.getRoleValue());
    Instant now = clock.instant();
    Instant expiresAt =
        RequestFields.time("expires_at", request.hasExpiresAt(), request.getExpiresAt());
    if (expiresAt != null && !expiresAt.isAfter(now)) {
      throw ApiException.invalid("expires_at", "must be in the future");
    }
    IssuedApiKey issued = keys.issue(caller.enterpriseUid(), role, name, now, expiresAt);
    return IssueApiKeyResponse.newBuilder()
        .setKey(toProto(found(caller, issued.keyId())))
        .setApiKey(issued.apiKey())
        .build();
  }

  public RotateApiKeyResponse rotate(Caller caller, RotateApiKeyRequest request) {
    requireKeyRole(caller);
    String keyId = RequestFields.requiredId("key_id", request.getKeyId());
    long overlap =
        request.hasOverlapSeconds() ? request.getOverlapSeconds() : DEFAULT_OVERLAP_SECONDS;
    if (overlap < 0 || overlap > MAX_OVERLAP_SECONDS) {
      throw ApiException.invalid(
          "overlap_seconds", "must be between 0 and " + MAX_OVERLAP_SECONDS + " (7 days)");
    }
    found(caller, keyId);
    ApiKeyStore.Rotation rotation =
        keys.rotate(caller.enterpriseUid(), keyId, Duration.ofSeconds(overlap), clock.instant())
            .orElseThrow(
                () ->
                    new ApiException(
                        ErrorCode.FAILED_PRECONDITION,
                        "key_id: the key is revoked, expired or rotated already; issue a new one"));
    return RotateApiKeyResponse.newBuilder()
        .setKey(toProto(found(caller, rotation.successor().keyId())))
        .setApiKey(rotation.successor().apiKey())
        .setPrevious(toProto(found(caller, keyId)))
        .build();
  }

  public RevokeApiKeyResponse revoke(Caller caller, RevokeApiKeyRequest request) {
    requireKeyRole(caller);
    String keyId = RequestFields.requiredId("key_id", request.getKeyId());
    KeyInfo revoked =
        keys.revoke(caller.enterpriseUid(), keyId, clock.instant())
            .orElseThrow(() -> notFound(keyId));
    return RevokeApiKeyResponse.newBuilder().setKey(toProto(revoked)).build();
  }

  private KeyInfo found(Caller caller, String keyId) {
    return keys.find(caller.enterpriseUid(), keyId).orElseThrow(() -> notFound(keyId));
  }

  private static ApiException notFound(String keyId) {
    return ApiException.notFound("key_id: this enterprise has no API key " + keyId);
  }

  private static Role role(ApiKeyRole role, int wireValue) {
    switch (role) {
      case API_KEY_ROLE_ADMIN:
        return Role.ADMIN;
      case API_KEY_ROLE_AUDITOR:
        return Role.AUDITOR;
      case API_KEY_ROLE_UNSPECIFIED:
        throw ApiException.invalid(
            "role", "is required; one of API_KEY_ROLE_ADMIN, API_KEY_ROLE_AUDITOR");
      default:
        throw ApiException.invalid(
            "role",
            "unknown value " + wireValue + "; one of API_KEY_ROLE_ADMIN, API_KEY_ROLE_AUDITOR");
    }
  }

  private static void requireKeyRole(Caller caller) {
    if (!caller.role().mayManageKeys()) {
      throw new ApiException(
          ErrorCode.PERMISSION_DENIED,
          "this API key's role (" + caller.role() + ") cannot list or manage API keys");
    }
  }

  static ApiKey toProto(KeyInfo key) {
    ApiKey.Builder proto =
        ApiKey.newBuilder()
            .setKeyId(key.keyId())
            .setName(key.name())
            .setRole(
                key.role() == Role.ADMIN
                    ? ApiKeyRole.API_KEY_ROLE_ADMIN
                    : ApiKeyRole.API_KEY_ROLE_AUDITOR)
            .setCreatedAt(ProtoTime.timestamp(key.createdAt()));
    if (key.expiresAt() != null) {
      proto.setExpiresAt(ProtoTime.timestamp(key.expiresAt()));
    }
    if (key.lastUsedAt() != null) {
      proto.setLastUsedAt(ProtoTime.timestamp(key.lastUsedAt()));
    }
    if (key.revokedAt() != null) {
      proto.setRevokedAt(ProtoTime.timestamp(key.revokedAt()));
    }
    if (key.replaces() != null) {
      proto.setReplaces(key.replaces());
    }
    if (key.replacedBy() != null) {
      proto.setReplacedBy(key.replacedBy());
    }
    return proto.build();
  }
}
