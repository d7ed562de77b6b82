package io.dataexport.catalog;

import java.util.Locale;
import java.util.Set;

/**
 * An enterprise's plan tier as a metric label: one of a few known values, so that a typo or a new
 * plan in the platform's data cannot grow the number of time series.
 */
public final class EnterpriseTier {

  /** The tiers the platform sells; any other value is labelled {@value #OTHER}. */
  public static final Set<String> KNOWN = Set.of("free", "team", "business", "enterprise");

  public static final String UNKNOWN = "unknown";
  public static final String OTHER = "other";

  private EnterpriseTier() {}

  /** The label of an enterprise document's {@code tier} field (null when it has none). */
  public static String label(String tier) {
    if (tier == null || tier.isBlank()) {
      return UNKNOWN;
    }
    String normalized = tier.strip().toLowerCase(Locale.ROOT);
    return KNOWN.contains(normalized) ? normalized : OTHER;
  }
}
