package io.dataexport.gateway.keys;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The public keys the gateway publishes, so that anyone holding something we signed can check it
 * without trusting the channel it came through: {@code dataexport.published-keys[0].key-id}, {@code
 * …purpose} ({@code audit-digest}, later {@code archive-manifest}), {@code …algorithm} (default
 * Ed25519) and {@code …public-key} (X.509, base64). List the current key and the ones it replaced
 * while anything they signed is still kept.
 */
@ConfigurationProperties("dataexport")
public record PublishedKeys(@DefaultValue List<Key> publishedKeys) {

  public PublishedKeys {
    publishedKeys.forEach(Key::check);
    publishedKeys = List.copyOf(publishedKeys);
  }

  public record Key(
      String keyId, String purpose, @DefaultValue("Ed25519") String algorithm, String publicKey) {

    /** A key that does not parse stops the gateway at start, not a verifier months later. */
    void check() {
      if (keyId == null || keyId.isBlank() || purpose == null || purpose.isBlank()) {
        throw new IllegalArgumentException(
            "each dataexport.published-keys entry needs a key-id and a purpose");
      }
      try {
        KeyFactory.getInstance(algorithm)
            .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(publicKey)));
      } catch (GeneralSecurityException | IllegalArgumentException | NullPointerException e) {
        throw new IllegalArgumentException(
            "published key " + keyId + " is not a " + algorithm + " public key (X.509, base64)", e);
      }
    }
  }
}
