package io.dataexport.audit.seal;

import io.dataexport.event.AuditDigest;
import io.dataexport.signing.Ed25519;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The public keys that may have signed digests, by key id: the current key and the ones it
 * replaced, so a trail sealed before a rotation still verifies.
 */
public final class DigestKeys {

  private final Map<String, PublicKey> byId;

  private DigestKeys(Map<String, PublicKey> byId) {
    this.byId = Map.copyOf(byId);
  }

  /** Key id to X.509 public key in base64. */
  public static DigestKeys of(Map<String, String> x509Base64ById) {
    Map<String, PublicKey> keys = new LinkedHashMap<>();
    x509Base64ById.forEach((id, key) -> keys.put(id, publicKey(id, key)));
    return new DigestKeys(keys);
  }

  public static PublicKey publicKey(String keyId, String x509Base64) {
    return Ed25519.publicKey(keyId, x509Base64);
  }

  public boolean knows(String keyId) {
    return keyId != null && byId.containsKey(keyId);
  }

  /** Whether the digest's signature is valid under the key its key id names. */
  public boolean signed(AuditDigest.Data digest) {
    PublicKey key = keyId(digest.keyId());
    return key != null
        && Ed25519.verify(
            key, digest.signedText().getBytes(StandardCharsets.UTF_8), digest.signature());
  }

  private PublicKey keyId(String keyId) {
    return keyId == null ? null : byId.get(keyId);
  }
}
