package io.dataexport.gateway.auth;

/** Who is calling: the enterprise and role an API key grants, and where the call came from. */
public record Caller(String enterpriseUid, String keyId, Role role, String clientAddress) {}
