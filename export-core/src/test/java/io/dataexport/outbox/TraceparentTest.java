package io.dataexport.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class TraceparentTest {

  private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final String SPAN = "00f067aa0ba902b7";

  @Test
  void aValidHeaderReadsBackIntoItsPartsAndFormatsAsItWas() {
    Traceparent sampled = Traceparent.parse("00-" + TRACE + "-" + SPAN + "-01").orElseThrow();
    Traceparent unsampled = Traceparent.parse("00-" + TRACE + "-" + SPAN + "-00").orElseThrow();

    assertThat(sampled).isEqualTo(new Traceparent(TRACE, SPAN, true));
    assertThat(unsampled.sampled()).isFalse();
    assertThat(sampled.format()).isEqualTo("00-" + TRACE + "-" + SPAN + "-01");
    assertThat(unsampled.format()).isEqualTo("00-" + TRACE + "-" + SPAN + "-00");
  }

  @Test
  void onlyTheSampledBitOfTheFlagsCounts() {
    assertThat(Traceparent.parse("00-" + TRACE + "-" + SPAN + "-03").orElseThrow().sampled())
        .isTrue();
    assertThat(Traceparent.parse("00-" + TRACE + "-" + SPAN + "-02").orElseThrow().sampled())
        .isFalse();
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(
      strings = {
        "garbage",
        "00-" + TRACE + "-" + SPAN, // no flags
        "01-" + TRACE + "-" + SPAN + "-01", // a version this code does not know
        "00-00000000000000000000000000000000-" + SPAN + "-01", // the invalid trace id
        "00-" + TRACE + "-0000000000000000-01", // the invalid span id
        "00-4BF92F3577B34DA6A3CE929D0E0E4736-" + SPAN + "-01", // upper case
        "00-" + TRACE + "-" + SPAN + "-01-extra",
        "00-4bf92f3577b34da6-" + SPAN + "-01" // a 64-bit trace id
      })
  void anythingElseIsNotATraceparent(String text) {
    assertThat(Traceparent.parse(text)).isEmpty();
  }

  @Test
  void partsThatAreNotIdsAreRefused() {
    assertThatThrownBy(() -> new Traceparent("abc", SPAN, true))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Traceparent(TRACE, "0000000000000000", true))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
