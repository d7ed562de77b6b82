package io.dataexport.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EnterpriseTierTest {

  @Test
  void aKnownTierIsItsOwnLabelWhateverItsCase() {
    assertThat(EnterpriseTier.label("Enterprise ")).isEqualTo("enterprise");
    assertThat(EnterpriseTier.label("team")).isEqualTo("team");
  }

  @Test
  void anyOtherValueIsOtherAndNoneIsUnknownSoTheLabelStaysBounded() {
    assertThat(EnterpriseTier.label("platinum-2027-promo")).isEqualTo(EnterpriseTier.OTHER);
    assertThat(EnterpriseTier.label(null)).isEqualTo(EnterpriseTier.UNKNOWN);
    assertThat(EnterpriseTier.label(" ")).isEqualTo(EnterpriseTier.UNKNOWN);
  }
}
