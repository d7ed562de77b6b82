package io.dataexport.gateway.request;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataexport.gateway.api.ApiException;
import io.dataexport.gateway.api.ErrorCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RequestFieldsTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "2f1e6c0a-8b4d-4f7e-9c3a-5d6b7e8f9a0b",
        "k",
        "!",
        "~",
        "order-42/retry#1?x=y&z=[1]",
        "sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"
      })
  void anIdempotencyKeyOfPrintableAsciiIsTakenAsItIs(String key) {
    assertThat(RequestFields.idempotencyKey(key)).isEqualTo(key);
  }

  @Test
  void noIdempotencyKeyHeaderIsNoKey() {
    assertThat(RequestFields.idempotencyKey(null)).isNull();
  }

  @Test
  void anIdempotencyKeyOfExactlyTheLimitIsTaken() {
    String key = "k".repeat(Limits.IDEMPOTENCY_KEY);
    assertThat(key).hasSize(255);
    assertThat(RequestFields.idempotencyKey(key)).isEqualTo(key);
  }

  @Test
  void anEmptyOrOverlongIdempotencyKeyIsRefusedWithTheLimits() {
    assertThatThrownBy(() -> RequestFields.idempotencyKey(""))
        .isInstanceOfSatisfying(
            ApiException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
        .hasMessage("Idempotency-Key: must be 1 to 255 characters, got 0");
    assertThatThrownBy(() -> RequestFields.idempotencyKey("k".repeat(256)))
        .isInstanceOfSatisfying(
            ApiException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
        .hasMessage("Idempotency-Key: must be 1 to 255 characters, got 256");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        " ",
        "with space",
        " leading",
        "trailing ",
        "tab\tkey",
        "line\nbreak",
        "nul\u0000",
        "del\u007f",
        "caf\u00e9",
        "\uD83D\uDD11"
      })
  void anIdempotencyKeyWithSpacesControlsOrNonAsciiIsRefusedNamingTheHeader(String key) {
    assertThatThrownBy(() -> RequestFields.idempotencyKey(key))
        .isInstanceOfSatisfying(
            ApiException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
        .hasMessage("Idempotency-Key: must be printable ASCII without spaces");
  }
}
