package io.dataexport.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoDatabase;
import io.dataexport.mongo.InMemoryMongo;
import io.dataexport.time.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Expiry, rotation with an overlap, listing and last use of API keys, on the MongoDB wire. */
class ApiKeyLifecycleTest {

  @RegisterExtension static final InMemoryMongo mongo = new InMemoryMongo();

  private final MutableClock clock = new MutableClock(Instant.parse("2026-05-01T00:00:00Z"));
  private MongoDatabase database;
  private ApiKeyStore keys;

  @BeforeEach
  void setUp() {
    database = mongo.freshDatabase();
    keys = new ApiKeyStore(database);
  }

  @Test
  void aKeyWorksUntilItExpiresAndNotASecondLonger() {
    Instant expiry = clock.instant().plus(Duration.ofDays(30));
    IssuedApiKey key = keys.issue("ent_1", Role.ADMIN, "ci", clock.instant(), expiry);

    assertThat(keys.verify(key.apiKey(), expiry.minusSeconds(1))).isPresent();
    assertThat(keys.verify(key.apiKey(), expiry)).isEmpty();
  }

  @Test
  void aRotatedKeyWorksBesideItsSuccessorForTheOverlapThenOnlyTheSuccessorDoes() {
    IssuedApiKey old = keys.issue("ent_1", Role.AUDITOR, "reporting", clock.instant());

    ApiKeyStore.Rotation rotation =
        keys.rotate("ent_1", old.keyId(), Duration.ofHours(24), clock.instant()).orElseThrow();

    Instant overlapEnd = clock.instant().plus(Duration.ofHours(24));
    assertThat(rotation.previousExpiresAt()).isEqualTo(overlapEnd);
    assertThat(keys.verify(old.apiKey(), overlapEnd.minusSeconds(1))).isPresent();
    assertThat(keys.verify(rotation.successor().apiKey(), clock.instant()))
        .hasValueSatisfying(
            grant -> {
              assertThat(grant.enterpriseUid()).isEqualTo("ent_1");
              assertThat(grant.role()).isEqualTo(Role.AUDITOR);
            });
    assertThat(keys.verify(old.apiKey(), overlapEnd)).isEmpty();
    assertThat(keys.verify(rotation.successor().apiKey(), overlapEnd.plus(Duration.ofDays(400))))
        .isPresent();
    ApiKeyStore.KeyInfo oldInfo = keys.find("ent_1", old.keyId()).orElseThrow();
    assertThat(oldInfo.replacedBy()).isEqualTo(rotation.successor().keyId());
    assertThat(keys.find("ent_1", rotation.successor().keyId()).orElseThrow().replaces())
        .isEqualTo(old.keyId());
  }

  @Test
  void aKeyThatExpiresBeforeTheOverlapEndsKeepsItsExpiry() {
    Instant soon = clock.instant().plus(Duration.ofHours(1));
    IssuedApiKey old = keys.issue("ent_1", Role.ADMIN, "ci", clock.instant(), soon);

    ApiKeyStore.Rotation rotation =
        keys.rotate("ent_1", old.keyId(), Duration.ofDays(7), clock.instant()).orElseThrow();

    assertThat(rotation.previousExpiresAt()).isEqualTo(soon);
  }

  @Test
  void onlyAUsableKeyOfTheEnterpriseCanBeRotatedAndOnlyOnce() {
    IssuedApiKey key = keys.issue("ent_1", Role.ADMIN, "ci", clock.instant());
    IssuedApiKey revoked = keys.issue("ent_1", Role.ADMIN, "old", clock.instant());
    keys.revoke(revoked.keyId(), clock.instant());

    assertThat(keys.rotate("ent_2", key.keyId(), Duration.ofHours(1), clock.instant())).isEmpty();
    assertThat(keys.rotate("ent_1", revoked.keyId(), Duration.ofHours(1), clock.instant()))
        .isEmpty();
    assertThat(keys.rotate("ent_1", key.keyId(), Duration.ofHours(1), clock.instant())).isPresent();
    assertThat(keys.rotate("ent_1", key.keyId(), Duration.ofHours(1), clock.instant())).isEmpty();
    assertThat(keys.list("ent_1"))
        .as("the refused second rotation left no usable successor behind")
        .filteredOn(info -> info.revokedAt() == null && key.keyId().equals(info.replaces()))
        .hasSize(1);
  }

  @Test
  void aListShowsOnlyTheEnterprisesKeysNewestFirstAndNoSecret() {
    IssuedApiKey first = keys.issue("ent_1", Role.ADMIN, "first", clock.instant());
    clock.advance(Duration.ofMinutes(1));
    IssuedApiKey second = keys.issue("ent_1", Role.AUDITOR, "second", clock.instant());
    keys.issue("ent_2", Role.ADMIN, "someone else's", clock.instant());

    assertThat(keys.list("ent_1"))
        .extracting(ApiKeyStore.KeyInfo::keyId)
        .containsExactly(second.keyId(), first.keyId());
    assertThat(keys.list("ent_1").toString())
        .doesNotContain(first.apiKey().substring(first.apiKey().lastIndexOf('_') + 1));
  }

  @Test
  void lastUseIsKeptToTheMinuteAndNeverGoesBack() {
    IssuedApiKey key = keys.issue("ent_1", Role.ADMIN, "ci", clock.instant());
    Instant first = clock.instant();

    keys.recordUse(key.keyId(), first);
    keys.recordUse(key.keyId(), first.plusSeconds(30));
    assertThat(keys.find("ent_1", key.keyId()).orElseThrow().lastUsedAt()).isEqualTo(first);

    keys.recordUse(key.keyId(), first.plusSeconds(61));
    assertThat(keys.find("ent_1", key.keyId()).orElseThrow().lastUsedAt())
        .isEqualTo(first.plusSeconds(61));

    // another gateway that saw an older use does not move it back
    new ApiKeyStore(database).recordUse(key.keyId(), first.plusSeconds(10));
    assertThat(keys.find("ent_1", key.keyId()).orElseThrow().lastUsedAt())
        .isEqualTo(first.plusSeconds(61));
  }
}
