package io.dataexport.gateway.auth;

/** A freshly issued key: {@code apiKey} is shown once to its owner and never stored. */
public record IssuedApiKey(String keyId, String apiKey) {

  @Override
  public String toString() {
    return "IssuedApiKey[keyId=" + keyId + ", apiKey=<redacted>]";
  }
}
