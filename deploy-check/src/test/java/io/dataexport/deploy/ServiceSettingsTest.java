package io.dataexport.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link ServiceSettings#binds}, the check every deployment file's variables go through, against
 * Spring Boot's own mapping of environment variables to properties: what it accepts, Spring Boot
 * binds; what it refuses, Spring Boot would ignore or fail on.
 */
class ServiceSettingsTest {

  /** Every property of one published key, at the indexes a refused name might be read as. */
  private static final List<String> PUBLISHED_KEY_PROPERTIES =
      IntStream.rangeClosed(0, 12)
          .boxed()
          .flatMap(
              i ->
                  List.of("key-id", "purpose", "algorithm", "public-key").stream()
                      .map(p -> "dataexport.published-keys[" + i + "]." + p))
          .toList();

  @ParameterizedTest
  @CsvSource({
    "DATAEXPORT_WORKER_SHUTDOWN_GRACE, dataexport.worker.shutdown-grace",
    "DATAEXPORT_AUDIT_SEAL_SIGNINGKEY, dataexport.audit.seal.signing-key",
    "DATAEXPORT_PUBLISHEDKEYS_0_KEYID, dataexport.published-keys[0].key-id",
    "DATAEXPORT_PUBLISHEDKEYS_0_PURPOSE, dataexport.published-keys[0].purpose",
    "DATAEXPORT_PUBLISHEDKEYS_1_PUBLICKEY, dataexport.published-keys[1].public-key",
    "DATAEXPORT_PUBLISHEDKEYS_12_ALGORITHM, dataexport.published-keys[12].algorithm",
    "DATAEXPORT_PUBLISHED_KEYS_0_KEY_ID, dataexport.published-keys[0].key-id",
    "DATAEXPORT_PUBLISHED_KEYS_3_PUBLIC_KEY, dataexport.published-keys[3].public-key",
    // a list of values in Spring Boot's own metadata, element by element
    "SPRING_KAFKA_BOOTSTRAP_SERVERS_0, spring.kafka.bootstrap-servers[0]",
  })
  void acceptsWhatSpringBootBindsListIndexesIncluded(String variable, String property) {
    assertThat(SigningKeys.sets(variable, property))
        .as("Spring Boot reads %s from %s", property, variable)
        .isTrue();
    assertThat(ServiceSettings.binds(variable)).as(variable).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "DATAEXPORT_PUBLISHEDKEYS_0_KEYIDD", // misspelt field
        "DATAEXPORT_PUBLISHEDKEYS_0_PUBLIC_KEY_ID", // no such field
        "DATAEXPORT_PUBLISHEDKEY_0_KEYID", // misspelt list
        "DATAEXPORT_PUBLISHEDKEYS0_KEYID", // the index is not a segment of its own
        "DATAEXPORT_PUBLISHEDKEYS_KEYID", // no index
        "DATAEXPORT_PUBLISHEDKEYS_X_KEYID", // not an index
        "DATAEXPORT_PUBLISHEDKEYS_00_KEYID", // Spring Boot does not read [00] as [0]
        "DATAEXPORT_PUBLISHEDKEYS_0_KEY_ID", // half legacy: Spring Boot reads key.id, not key-id
        "DATAEXPORT_PUBLISHEDKEYS_0", // an element is a key, not a value
        "DATAEXPORT_PUBLISHEDKEYS", // nor is the whole list
      })
  void refusesAMisspeltOrMisplacedListIndexedName(String variable) {
    assertThat(ServiceSettings.binds(variable)).as(variable).isFalse();
    assertThat(PUBLISHED_KEY_PROPERTIES)
        .as("no property of a published key is read from " + variable)
        .noneMatch(property -> SigningKeys.sets(variable, property));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "DATAEXPORT_AUDIT_SEAL_0_KEYID", // an index where there is no list
        "DATAEXPORT_WORKER_SHUTDOWN_GRACE_0",
        "DATAEXPORT_ARCHIVE_LINKS_0_SIGNINGKEY",
      })
  void refusesAnIndexWhereThereIsNoList(String variable) {
    assertThat(ServiceSettings.binds(variable)).as(variable).isFalse();
  }

  @Test
  void aListOfRecordsBindsEachComponentByIndexAndNotTheListAsAWhole() {
    assertThat(ServiceSettings.ownProperties())
        .contains(
            "dataexport.published-keys[*].key-id",
            "dataexport.published-keys[*].purpose",
            "dataexport.published-keys[*].algorithm",
            "dataexport.published-keys[*].public-key")
        .doesNotContain("dataexport.published-keys");
  }
}
