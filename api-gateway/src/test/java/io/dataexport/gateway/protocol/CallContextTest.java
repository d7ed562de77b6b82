package io.dataexport.gateway.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

class CallContextTest {

  private static final String KEY = "dex_abcdefghijkl_" + "A".repeat(40);

  private static MockHttpServletRequest http() {
    MockHttpServletRequest http =
        new MockHttpServletRequest("POST", "/v2/enterprise.export.create");
    http.setRemoteAddr("10.0.0.7");
    http.setAttribute(RequestIdFilter.ATTRIBUTE, "req_42");
    http.addHeader("X-API-Key", KEY);
    return http;
  }

  @Test
  void theContextHoldsTheKeyTheAddressTheRequestIdAndTheIdempotencyKey() {
    MockHttpServletRequest http = http();
    http.addHeader("idempotency-key", "retry-7f3a");

    CallContext context = CallContext.of(http);

    assertThat(context.apiKey()).isEqualTo(KEY);
    assertThat(context.clientAddress()).isEqualTo("10.0.0.7");
    assertThat(context.requestId()).isEqualTo("req_42");
    assertThat(context.idempotencyKey())
        .as("header names are case-insensitive")
        .isEqualTo("retry-7f3a");
  }

  @Test
  void withoutTheHeaderThereIsNoIdempotencyKey() {
    assertThat(CallContext.of(http()).idempotencyKey()).isNull();
    assertThat(new CallContext(KEY, "10.0.0.7", "req_42").idempotencyKey()).isNull();
  }

  @Test
  void anEmptyHeaderIsKeptEmptyForTheRuleToRefuse() {
    MockHttpServletRequest http = http();
    http.addHeader(CallContext.IDEMPOTENCY_KEY_HEADER, "");

    assertThat(CallContext.of(http).idempotencyKey()).isEmpty();
  }

  @Test
  void theContextNeverPrintsTheApiKey() {
    assertThat(CallContext.of(http()).toString()).doesNotContain(KEY).contains("req_42");
  }
}
