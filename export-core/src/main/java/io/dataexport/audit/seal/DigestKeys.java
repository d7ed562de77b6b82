package io.dataexport.audit.seal;

import io.dataexport.event.AuditDigest;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
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
    try {
      return KeyFactory.getInstance(DigestSigner.ALGORITHM)
          .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(x509Base64.strip())));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "key " + keyId + " is not an Ed25519 public key (X.509, base64)", e);
    }
  }

  public boolean knows(String keyId) {
    return keyId != null && byId.containsKey(keyId);
  }

  /** Whether the digest's signature is valid under the key its key id names. */
  public boolean signed(AuditDigest.Data digest) {
    PublicKey key = keyId(digest.keyId());
    if (key == null || digest.signature() == null) {
      return false;
    }
    try {
      Signature signature = Signature.getInstance(DigestSigner.ALGORITHM);
      signature.initVerify(key);
      signature.update(digest.signedText().getBytes(StandardCharsets.UTF_8));
      return signature.verify(Base64.getDecoder().decode(digest.signature()));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      return false;
    }
  }

  private PublicKey keyId(String keyId) {
    return keyId == null ? null : byId.get(keyId);
  }
}
