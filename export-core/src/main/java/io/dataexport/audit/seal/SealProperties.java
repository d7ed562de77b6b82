package io.dataexport.audit.seal;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The audit sealer's settings.
 *
 * @param enabled whether this service seals the audit partitions it is assigned; unset, it does
 *     when a signing key is set (see {@link SealingConfigured})
 * @param interval how often each partition gets a digest of its events since the last one
 * @param signingKey the Ed25519 private key, PKCS#8 DER in base64; a secret
 * @param keyId the name under which the gateway publishes the matching public key
 * @param groupId the sealers' consumer group: each partition is sealed by one member at a time
 */
@ConfigurationProperties("dataexport.audit.seal")
public record SealProperties(
    Boolean enabled,
    @DefaultValue("1m") Duration interval,
    String signingKey,
    String keyId,
    @DefaultValue("dataexport-audit-sealer") String groupId) {

  @Override
  public String toString() {
    return "SealProperties[enabled="
        + enabled
        + ", interval="
        + interval
        + ", keyId="
        + keyId
        + ", groupId="
        + groupId
        + "]";
  }
}
