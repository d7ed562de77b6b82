package io.dataexport.gateway.keys;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@value #PATH}: the public keys, by key id and purpose. Public, as the API's other non-RPC routes
 * are: only the RPC dispatcher asks for an API key, and a verifier should not need one.
 */
@RestController
@EnableConfigurationProperties(PublishedKeys.class)
public class PublishedKeysController {

  public static final String PATH = "/.well-known/dataexport/keys.json";

  private final KeySet keySet;

  public PublishedKeysController(PublishedKeys keys) {
    this.keySet =
        new KeySet(
            keys.publishedKeys().stream()
                .map(k -> new KeyEntry(k.keyId(), k.purpose(), k.algorithm(), k.publicKey()))
                .toList());
  }

  @GetMapping(PATH)
  public KeySet keys() {
    return keySet;
  }

  public record KeySet(List<KeyEntry> keys) {}

  public record KeyEntry(
      @JsonProperty("key_id") String keyId,
      String purpose,
      String algorithm,
      @JsonProperty("public_key") String publicKey) {}
}
