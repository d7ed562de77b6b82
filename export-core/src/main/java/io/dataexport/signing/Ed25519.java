package io.dataexport.signing;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * Ed25519 keys as configuration holds them (private PKCS#8, public X.509, both DER in base64) and
 * signatures over bytes, with the JDK's own provider. Errors name the setting, never the key.
 */
public final class Ed25519 {

  public static final String ALGORITHM = "Ed25519";

  private Ed25519() {}

  /** A new key pair. */
  public static KeyPair newKeyPair() {
    try {
      return KeyPairGenerator.getInstance(ALGORITHM).generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Ed25519 is part of every JDK since 15", e);
    }
  }

  /**
   * @param setting the configuration property the key came from, for the error message
   */
  public static PrivateKey privateKey(String setting, String pkcs8Base64) {
    if (pkcs8Base64 == null || pkcs8Base64.isBlank()) {
      throw new IllegalArgumentException(
          setting + " is not set: an Ed25519 private key, PKCS#8 in base64");
    }
    try {
      byte[] der = Base64.getDecoder().decode(pkcs8Base64.strip());
      return KeyFactory.getInstance(ALGORITHM).generatePrivate(new PKCS8EncodedKeySpec(der));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      // the message of a decoding failure could quote the key, so it is not passed on
      throw new IllegalArgumentException(setting + " is not an Ed25519 PKCS#8 key in base64");
    }
  }

  public static PublicKey publicKey(String keyId, String x509Base64) {
    try {
      byte[] der = Base64.getDecoder().decode(x509Base64.strip());
      return KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(der));
    } catch (GeneralSecurityException | IllegalArgumentException | NullPointerException e) {
      throw new IllegalArgumentException(
          "key " + keyId + " is not an Ed25519 public key (X.509, base64)", e);
    }
  }

  /** The signature of {@code data}, in base64. */
  public static String sign(PrivateKey key, byte[] data) {
    try {
      Signature signature = Signature.getInstance(ALGORITHM);
      signature.initSign(key);
      signature.update(data);
      return Base64.getEncoder().encodeToString(signature.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("could not sign with Ed25519", e);
    }
  }

  /** Whether {@code signatureBase64} is {@code key}'s signature of {@code data}. */
  public static boolean verify(PublicKey key, byte[] data, String signatureBase64) {
    try {
      Signature signature = Signature.getInstance(ALGORITHM);
      signature.initVerify(key);
      signature.update(data);
      return signature.verify(Base64.getDecoder().decode(signatureBase64));
    } catch (GeneralSecurityException | IllegalArgumentException | NullPointerException e) {
      return false;
    }
  }
}
