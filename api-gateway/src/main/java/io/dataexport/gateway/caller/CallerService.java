package io.dataexport.gateway.caller;

import io.dataexport.api.v1.ApiKeyRole;
import io.dataexport.api.v1.GetCallerRequest;
import io.dataexport.api.v1.GetCallerResponse;
import io.dataexport.gateway.auth.Caller;
import io.dataexport.gateway.auth.Role;

/**
 * Tells a client what its key may do, so a user interface shows only the controls that will work
 * instead of learning the role from a refused (and audited) create.
 */
public class CallerService {

  public GetCallerResponse get(Caller caller, GetCallerRequest request) {
    return GetCallerResponse.newBuilder()
        .setEnterpriseUid(caller.enterpriseUid())
        .setRole(
            caller.role() == Role.ADMIN
                ? ApiKeyRole.API_KEY_ROLE_ADMIN
                : ApiKeyRole.API_KEY_ROLE_AUDITOR)
        .setKeyId(caller.keyId())
        .build();
  }
}
