package io.dataexport.audit.seal;

import io.dataexport.event.AuditDigest;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;

/**
 * Signs digests with an Ed25519 private key from configuration (PKCS#8, base64). The key never
 * leaves this object: not in {@link #toString()}, not in a log.
 */
public final class DigestSigner {

  static final String ALGORITHM = "Ed25519";

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
    if (pkcs8Base64 == null || pkcs8Base64.isBlank()) {
      throw new IllegalArgumentException(
          "dataexport.audit.seal.signing-key is not set: an Ed25519 private key, PKCS#8 in base64");
    }
    try {
      byte[] der = Base64.getDecoder().decode(pkcs8Base64.strip());
      PrivateKey key =
          KeyFactory.getInstance(ALGORITHM).generatePrivate(new PKCS8EncodedKeySpec(der));
      return new DigestSigner(keyId, key);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      // the message of a decoding failure could quote the key, so it is not passed on
      throw new IllegalArgumentException(
          "dataexport.audit.seal.signing-key is not an Ed25519 PKCS#8 key in base64");
    }
  }

  /** A new Ed25519 key pair: private key PKCS#8, public key X.509, both DER. */
  public static KeyPair newKeyPair() {
    try {
      return KeyPairGenerator.getInstance(ALGORITHM).generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Ed25519 is part of every JDK since 15", e);
    }
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
    try {
      Signature signature = Signature.getInstance(ALGORITHM);
      signature.initSign(key);
      signature.update(withKey.signedText().getBytes(StandardCharsets.UTF_8));
      return withKey.withSignature(Base64.getEncoder().encodeToString(signature.sign()));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("could not sign an audit digest", e);
    }
  }

  @Override
  public String toString() {
    return "DigestSigner[keyId=" + keyId + "]";
  }
}
