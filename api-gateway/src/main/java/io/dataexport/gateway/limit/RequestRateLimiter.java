package io.dataexport.gateway.limit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.dataexport.gateway.api.ApiException;
import io.dataexport.gateway.api.ErrorCode;
import io.dataexport.gateway.auth.Caller;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.EstimationProbe;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;

/**
 * Token buckets (Bucket4j) per API key and per client address. Buckets live in memory per gateway
 * instance: with N gateways a caller gets up to N times the rate, which bounds abuse as well as one
 * shared bucket would at a fraction of the cost (docs/operations.md says so).
 */
public class RequestRateLimiter {

  // A bucket idle this long is full again anyway, so forgetting it changes nothing.
  private static final Duration IDLE = Duration.ofMinutes(10);

  private final RateLimitProperties settings;
  private final Cache<String, Bucket> buckets;
  private final MeterRegistry meters;

  public RequestRateLimiter(RateLimitProperties settings, MeterRegistry meters) {
    this.settings = settings;
    this.meters = meters;
    this.buckets = Caffeine.newBuilder().expireAfterAccess(IDLE).maximumSize(1_000_000).build();
  }

  /** Takes one call from the key's bucket, or refuses it with the time until one is free. */
  public void admitCall(Caller caller) {
    take(
        "key:" + caller.keyId(),
        settings.rateOf(caller.enterpriseUid()),
        "key",
        "calls with this API key");
  }

  /**
   * Refuses an address that has used up its failed sign-ins before its key is looked at; a key
   * guesser cannot tell a right key from a wrong one while refused.
   */
  public void checkSignInsLeft(String clientAddress) {
    if (!settings.enabled()) {
      return;
    }
    Bucket bucket = bucket("sign-in:" + clientAddress, settings.perAddress());
    EstimationProbe probe = bucket.estimateAbilityToConsume(1);
    if (!probe.canBeConsumed()) {
      throw refusal(
          "sign-in", "failed sign-ins from this address", probe.getNanosToWaitForRefill());
    }
  }

  /** Counts a failed sign-in (a missing, unknown or revoked key) against its address. */
  public void chargeFailedSignIn(String clientAddress) {
    if (settings.enabled()) {
      bucket("sign-in:" + clientAddress, settings.perAddress()).tryConsume(1);
    }
  }

  /** Takes one download attempt from the address's bucket, or refuses it. */
  public void admitDownload(String clientAddress) {
    take(
        "download:" + clientAddress,
        settings.perAddress(),
        "download",
        "downloads from this address");
  }

  private void take(String bucketKey, RateLimitProperties.Rate rate, String kind, String what) {
    if (!settings.enabled()) {
      return;
    }
    ConsumptionProbe probe = bucket(bucketKey, rate).tryConsumeAndReturnRemaining(1);
    if (!probe.isConsumed()) {
      throw refusal(kind, what, probe.getNanosToWaitForRefill());
    }
  }

  private Bucket bucket(String key, RateLimitProperties.Rate rate) {
    return buckets.get(key, k -> newBucket(rate));
  }

  private static Bucket newBucket(RateLimitProperties.Rate rate) {
    Duration perToken = Duration.ofNanos(Math.round(1_000_000_000 / rate.requestsPerSecond()));
    return Bucket.builder()
        .addLimit(Bandwidth.builder().capacity(rate.burst()).refillGreedy(1, perToken).build())
        .build();
  }

  private ApiException refusal(String kind, String what, long nanosToWait) {
    Counter.builder("dataexport.api.rate.limited")
        .description("Calls and downloads refused by a rate limit, by which limit")
        .tag("limit", kind)
        .register(meters)
        .increment();
    Duration wait = Duration.ofNanos(nanosToWait);
    long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
    return new ApiException(
        ErrorCode.RESOURCE_EXHAUSTED,
        "rate limit: too many " + what + "; retry after " + seconds + " s",
        Duration.ofSeconds(seconds));
  }
}
