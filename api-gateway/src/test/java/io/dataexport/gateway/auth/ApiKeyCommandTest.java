package io.dataexport.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataexport.mongo.InMemoryMongo;
import io.dataexport.time.MutableClock;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The operator's key tool against the MongoDB-wire server. */
class ApiKeyCommandTest {

  @RegisterExtension static final InMemoryMongo mongo = new InMemoryMongo();

  private final MutableClock clock = new MutableClock(Instant.parse("2026-05-01T00:00:00Z"));
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private ApiKeyStore keys;

  @BeforeEach
  void setUp() {
    keys = new ApiKeyStore(mongo.freshDatabase());
  }

  private int run(String... args) {
    return ApiKeyCommand.run(
        List.of(args),
        keys,
        clock,
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @Test
  void anIssuedKeyIsPrintedOnceAndGrantsItsEnterpriseAndRole() {
    assertThat(run("issue", "--enterprise", "ent_1", "--role", "auditor", "--name", "audit team"))
        .isZero();

    Matcher printed =
        Pattern.compile("API key: (\\S+)").matcher(out.toString(StandardCharsets.UTF_8));
    assertThat(printed.find()).isTrue();
    assertThat(keys.verify(printed.group(1), clock.instant()))
        .hasValueSatisfying(
            grant -> {
              assertThat(grant.enterpriseUid()).isEqualTo("ent_1");
              assertThat(grant.role()).isEqualTo(Role.AUDITOR);
            });
  }

  @Test
  void aRevokedKeyNoLongerVerifiesAndCannotBeRevokedTwice() {
    IssuedApiKey key = keys.issue("ent_1", Role.ADMIN, "script", clock.instant());

    assertThat(run("revoke", key.keyId())).isZero();
    assertThat(keys.verify(key.apiKey(), clock.instant())).isEmpty();
    assertThat(run("revoke", key.keyId())).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("no unrevoked key with id " + key.keyId());
  }

  @Test
  void badUsageExitsWithTwoAndSaysHow() {
    assertThat(run()).isEqualTo(2);
    assertThat(run("issue", "--enterprise", "ent_1", "--role", "ROOT", "--name", "x")).isEqualTo(2);
    assertThat(run("issue", "--enterprise", "ent_1")).isEqualTo(2);
    assertThat(run("delete", "abc")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("--role must be one of [ADMIN, AUDITOR]")
        .contains("unknown command 'delete'")
        .contains(ApiKeyCommand.USAGE);
    assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
  }

  @Test
  void anIssuedKeyMayExpireAndARotatedKeyHandsOverAfterItsOverlap() {
    assertThat(
            run(
                "issue",
                "--enterprise",
                "ent_1",
                "--role",
                "admin",
                "--name",
                "ci",
                "--expires-in",
                "90d"))
        .isZero();
    Matcher issued =
        Pattern.compile("key id:  (\\S+)").matcher(out.toString(StandardCharsets.UTF_8));
    assertThat(issued.find()).isTrue();
    String oldId = issued.group(1);
    assertThat(keys.find("ent_1", oldId).orElseThrow().expiresAt())
        .isEqualTo(clock.instant().plus(Duration.ofDays(90)));
    out.reset();

    assertThat(run("rotate", "--enterprise", "ent_1", oldId, "--overlap", "2h")).isZero();

    String printed = out.toString(StandardCharsets.UTF_8);
    Matcher successor = Pattern.compile("API key: (\\S+)").matcher(printed);
    assertThat(successor.find()).isTrue();
    assertThat(printed).contains("works until " + clock.instant().plus(Duration.ofHours(2)));
    assertThat(keys.verify(successor.group(1), clock.instant())).isPresent();
    out.reset();
    assertThat(run("list", "--enterprise", "ent_1")).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains(oldId)
        .contains("rotated to ")
        .doesNotContain(successor.group(1));
  }

  @Test
  void aDurationThatIsNotOneIsRefusedByName() {
    assertThat(
            run(
                "issue",
                "--enterprise",
                "ent_1",
                "--role",
                "admin",
                "--name",
                "ci",
                "--expires-in",
                "soon"))
        .isEqualTo(2);
    assertThat(run("rotate", "--enterprise", "ent_1", "abc", "--overlap", "-1h")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("--expires-in: 'soon' is not a duration")
        .contains("--overlap: must be more than zero");
  }
}
