package io.dataexport.gateway.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class PublishedKeysTest {

  private static String anEd25519PublicKey() throws Exception {
    return Base64.getEncoder()
        .encodeToString(
            KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPublic().getEncoded());
  }

  @Test
  void theRouteListsEveryConfiguredKeyWithItsPurpose() throws Exception {
    String current = anEd25519PublicKey();
    String previous = anEd25519PublicKey();
    PublishedKeys keys =
        new PublishedKeys(
            List.of(
                new PublishedKeys.Key("audit-2", "audit-digest", "Ed25519", current),
                new PublishedKeys.Key("audit-1", "audit-digest", "Ed25519", previous),
                new PublishedKeys.Key("manifest-1", "archive-manifest", "Ed25519", current)));

    List<PublishedKeysController.KeyEntry> published =
        new PublishedKeysController(keys).keys().keys();

    assertThat(published)
        .extracting(
            PublishedKeysController.KeyEntry::keyId, PublishedKeysController.KeyEntry::purpose)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("audit-2", "audit-digest"),
            org.assertj.core.groups.Tuple.tuple("audit-1", "audit-digest"),
            org.assertj.core.groups.Tuple.tuple("manifest-1", "archive-manifest"));
    assertThat(published.get(1).publicKey()).isEqualTo(previous);
  }

  @Test
  void aKeyThatIsNotAPublicKeyOfItsAlgorithmStopsTheGatewayAtStart() {
    assertThatThrownBy(
            () ->
                new PublishedKeys(
                    List.of(
                        new PublishedKeys.Key("audit-1", "audit-digest", "Ed25519", "bm9wZQ=="))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("audit-1");
  }

  @Test
  void aKeyWithoutAPurposeIsRefused() throws Exception {
    String key = anEd25519PublicKey();
    assertThatThrownBy(
            () ->
                new PublishedKeys(List.of(new PublishedKeys.Key("audit-1", null, "Ed25519", key))))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
