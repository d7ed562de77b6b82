package io.dataexport.worker.archive;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The key that signs archive manifests ({@code DATAEXPORT_WORKER_MANIFESTSIGNING_*}). Both unset:
 * archives are not signed. The private key comes from a secret store, never a ConfigMap.
 *
 * @param keyId the id the gateway publishes the public key under (purpose {@code archive-manifest})
 * @param signingKey the Ed25519 private key, PKCS#8 DER in base64
 */
@ConfigurationProperties("dataexport.worker.manifest-signing")
public record ManifestSigningProperties(String keyId, String signingKey) {

  /** The signer, or null when no key is configured. */
  public ManifestSigner signer() {
    boolean noKey = signingKey == null || signingKey.isBlank();
    boolean noId = keyId == null || keyId.isBlank();
    return noKey && noId ? null : ManifestSigner.fromPkcs8Base64(keyId, signingKey);
  }

  @Override
  public String toString() {
    return "ManifestSigningProperties[keyId=" + keyId + "]";
  }
}
