package io.dataexport.gateway.member;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataexport.gateway.api.ApiException;
import io.dataexport.gateway.request.PageToken;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class MemberPageTokenTest {

  @Test
  void aTokenBringsBackThePositionItWasMadeFromEvenWhenTheEmailHoldsTheSeparator() {
    MemberPageToken position =
        new MemberPageToken("odd|name@acme.example", "6f1c2a7e-0b7d-4c1e-9a53-1d2f3e4a5b01");

    assertThat(MemberPageToken.decode(position.encode())).isEqualTo(position);
  }

  @Test
  void anEmptyTokenIsTheFirstPage() {
    assertThat(MemberPageToken.decode("")).isNull();
  }

  @Test
  void aTokenOfAnotherListOrNoTokenAtAllIsRefusedNamingTheField() {
    String taskToken = new PageToken(Instant.parse("2026-01-05T09:00:00Z"), "ses_1").encode();

    for (String token : new String[] {taskToken, "not-a-token", "%%%", "x".repeat(513)}) {
      assertThatThrownBy(() -> MemberPageToken.decode(token))
          .as(token)
          .isInstanceOf(ApiException.class)
          .hasMessageStartingWith("page_token: ");
    }
  }
}
