package io.dataexport.audit.seal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class EventHashesTest {

  @Test
  void movingABoundaryBetweenTwoRecordsChangesTheHash() {
    EventHashes ab = hashes("k", "ab", "k", "c");
    EventHashes a = hashes("k", "a", "k", "bc");

    assertThat(ab.sha256()).isNotEqualTo(a.sha256());
  }

  @Test
  void theKeyIsCoveredAsWellAsTheValue() {
    assertThat(hashes("ent_a", "v").sha256()).isNotEqualTo(hashes("ent_b", "v").sha256());
  }

  @Test
  void theOrderedHashTellsTheOrderTheUnorderedOneDoesNot() {
    EventHashes forward = hashes("k", "one", "k", "two", "k", "three");
    EventHashes swapped = hashes("k", "two", "k", "one", "k", "three");

    assertThat(swapped.unorderedSha256()).isEqualTo(forward.unorderedSha256());
    assertThat(swapped.sha256()).isNotEqualTo(forward.sha256());
  }

  @Test
  void theOrderedHashIsTheSha256OfTheLengthPrefixedRecords() throws Exception {
    var expected = java.security.MessageDigest.getInstance("SHA-256");
    expected.update(new byte[] {0, 0, 0, 1, 'k', 0, 0, 0, 2, 'v', 'w'});
    expected.update(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0, 0, 0, 0});
    EventHashes hashes = new EventHashes();
    hashes.add(bytes("k"), bytes("vw"));
    hashes.add(null, new byte[0]);

    assertThat(hashes.sha256()).isEqualTo(java.util.HexFormat.of().formatHex(expected.digest()));
    assertThat(hashes.count()).isEqualTo(2);
  }

  private static EventHashes hashes(String... keysAndValues) {
    EventHashes hashes = new EventHashes();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      hashes.add(bytes(keysAndValues[i]), bytes(keysAndValues[i + 1]));
    }
    return hashes;
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
