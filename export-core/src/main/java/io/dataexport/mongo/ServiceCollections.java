package io.dataexport.mongo;

/** This service's own collections that more than one of its processes reads. */
public final class ServiceCollections {

  /**
   * API keys: their id, enterprise, role, name and lifecycle times, and the SHA-256 of the secret.
   * The gateway writes them; a workspace export carries their metadata (never the hash).
   */
  public static final String API_KEYS = "api_keys";

  private ServiceCollections() {}
}
