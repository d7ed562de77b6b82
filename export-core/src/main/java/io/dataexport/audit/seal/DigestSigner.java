package io.dataexport.audit.seal;

import io.dataexport.event.AuditDigest;
import io.dataexport.signing.Ed25519;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PrivateKey;

/**
 * Signs digests with an Ed25519 private key from configuration (PKCS#8, base64). The key never
 * leaves this object: not in {@link #toString()}, not in a log.
 */
public final class DigestSigner {

  static final String ALGORITHM = Ed25519.ALGORITHM;

  private final String keyId;
  private final PrivateKey key;

  private DigestSigner(String keyId, PrivateKey key) {
    this.keyId = keyId;
    this.key = key;
  }

  public static DigestSigner fromPkcs8Base64(String keyId, String pkcs8Base64) {
    if (keyId == null || keyId.isBlank()) {
      throw new IllegalArgumentException("dataexport.audit.seal.key-id is not set");
    }
    return new DigestSigner(
        keyId, Ed25519.privateKey("dataexport.audit.seal.signing-key", pkcs8Base64));
  }

  /** A new Ed25519 key pair: private key PKCS#8, public key X.509, both DER. */
  public static KeyPair newKeyPair() {
    return Ed25519.newKeyPair();
  }

  public String keyId() {
    return keyId;
  }

  /**
   * The data with this signer's key id and its signature over {@link AuditDigest.Data#signedText}.
   */
  public AuditDigest.Data sign(AuditDigest.Data unsigned) {
    AuditDigest.Data withKey =
        new AuditDigest.Data(
            unsigned.schemaVersion(),
            unsigned.topic(),
            unsigned.partition(),
            unsigned.firstOffset(),
            unsigned.lastOffset(),
            unsigned.count(),
            unsigned.sha256(),
            unsigned.unorderedSha256(),
            unsigned.previousDigestSha256(),
            keyId,
            null);
    return withKey.withSignature(
        Ed25519.sign(key, withKey.signedText().getBytes(StandardCharsets.UTF_8)));
  }

  @Override
  public String toString() {
    return "DigestSigner[keyId=" + keyId + "]";
  }
}
