package io.dataexport.gateway.limit;

import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How fast callers may call. Each API key has its own bucket at its enterprise's rate (or {@code
 * perKey}); each client address has one bucket for failed sign-ins and one for downloads at {@code
 * perAddress}, so guessing keys or links is slow and costs a legitimate tenant nothing.
 *
 * @param enabled false turns every limit off (a load test behind its own limiter, say)
 * @param perKey the rate of an API key whose enterprise has none of its own
 * @param perAddress the rate of failed sign-ins, and separately of downloads, per client address
 * @param enterprises rates by enterprise uid, for tenants whose scripts need more (or less)
 */
@ConfigurationProperties("dataexport.rate-limit")
public record RateLimitProperties(
    Boolean enabled, Rate perKey, Rate perAddress, Map<String, Rate> enterprises) {

  public RateLimitProperties {
    enabled = enabled == null || enabled;
    perKey = perKey == null ? new Rate(50.0, 100L) : perKey;
    perAddress = perAddress == null ? new Rate(2.0, 30L) : perAddress;
    enterprises = enterprises == null ? Map.of() : Map.copyOf(enterprises);
  }

  /** The rate of a key of {@code enterpriseUid}. */
  Rate rateOf(String enterpriseUid) {
    return enterprises.getOrDefault(enterpriseUid, perKey);
  }

  /**
   * @param requestsPerSecond the sustained rate; fractions allowed (0.5 is one every 2 s)
   * @param burst how many may come at once after a quiet spell
   */
  public record Rate(Double requestsPerSecond, Long burst) {

    public Rate {
      if (requestsPerSecond == null || requestsPerSecond <= 0) {
        throw new IllegalArgumentException(
            "dataexport.rate-limit: requests-per-second must be above 0");
      }
      if (burst == null || burst < 1) {
        throw new IllegalArgumentException("dataexport.rate-limit: burst must be at least 1");
      }
    }
  }
}
