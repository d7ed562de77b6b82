package io.dataexport.worker.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DispatchSettingsTest {

  @Test
  void failureDelaysDoubleUpToTheirCap() {
    DispatchSettings settings =
        new DispatchSettings(4, 2, 10)
            .withFailureDelays(Duration.ofSeconds(1), Duration.ofSeconds(5));

    assertThat(settings.failureDelay(1)).isEqualTo(Duration.ofSeconds(1));
    assertThat(settings.failureDelay(2)).isEqualTo(Duration.ofSeconds(2));
    assertThat(settings.failureDelay(3)).isEqualTo(Duration.ofSeconds(4));
    assertThat(settings.failureDelay(4)).isEqualTo(Duration.ofSeconds(5));
    assertThat(settings.failureDelay(1_000_000)).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void limitsMustBePositive() {
    assertThatThrownBy(() -> new DispatchSettings(0, 1, 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new DispatchSettings(1, 0, 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new DispatchSettings(1, 1, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
