package io.dataexport.gateway.request;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class PageTokenTest {

  @Test
  void aTokenDecodesToThePositionItWasMadeFrom() {
    PageToken token = new PageToken(Instant.parse("2026-01-02T03:04:05.678Z"), "exp_a|b");
    assertThat(PageToken.decode(token.encode())).isEqualTo(token);
  }

  @Test
  void anEmptyTokenMeansTheFirstPage() {
    assertThat(PageToken.decode("")).isNull();
  }

  @Test
  void aTokenThisApiDidNotIssueIsRefusedNamingTheField() {
    String forged = Base64.getUrlEncoder().encodeToString("v9|1|2|x".getBytes());
    for (String bad : new String[] {"%%%", "bm90IGEgdG9rZW4", forged}) {
      assertThatThrownBy(() -> PageToken.decode(bad)).hasMessageStartingWith("page_token: ");
    }
  }

  @Test
  void anOverlongTokenIsRefusedBeforeItIsDecoded() {
    assertThatThrownBy(() -> PageToken.decode("A".repeat(513)))
        .hasMessage("page_token: must be at most 512 characters");
  }
}
