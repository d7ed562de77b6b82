package io.dataexport.worker.archive;

import io.dataexport.signing.Ed25519;
import java.security.PrivateKey;

/**
 * Signs each archive's manifest with an Ed25519 key from configuration. The manifest lists every
 * entry's digest, so its signature vouches for the whole archive; the gateway publishes the public
 * key under the same id (purpose {@code archive-manifest}). The key never leaves this object.
 */
public final class ManifestSigner {

  static final String SETTING = "dataexport.worker.manifest-signing.signing-key";

  private final String keyId;
  private final PrivateKey key;

  private ManifestSigner(String keyId, PrivateKey key) {
    this.keyId = keyId;
    this.key = key;
  }

  public static ManifestSigner fromPkcs8Base64(String keyId, String pkcs8Base64) {
    if (keyId == null || keyId.isBlank()) {
      throw new IllegalArgumentException("dataexport.worker.manifest-signing.key-id is not set");
    }
    return new ManifestSigner(keyId, Ed25519.privateKey(SETTING, pkcs8Base64));
  }

  ManifestSignature sign(byte[] manifestJson) {
    return new ManifestSignature(keyId, Ed25519.ALGORITHM, Ed25519.sign(key, manifestJson));
  }

  @Override
  public String toString() {
    return "ManifestSigner[keyId=" + keyId + "]";
  }
}
