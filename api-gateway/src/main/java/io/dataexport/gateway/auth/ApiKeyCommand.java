package io.dataexport.gateway.auth;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.boot.convert.DurationStyle;

/**
 * The operator's tool for API keys, run against the gateway's MongoDB ({@code
 * DATAEXPORT_MONGODB_URI}, {@code DATAEXPORT_MONGODB_DATABASE}):
 *
 * <pre>
 * issue --enterprise ENTERPRISE_UID --role ADMIN|AUDITOR --name "what the key is for" [--expires-in 90d]
 * list --enterprise ENTERPRISE_UID
 * rotate --enterprise ENTERPRISE_UID KEY_ID [--overlap 24h]
 * revoke KEY_ID
 * </pre>
 *
 * An issued (or rotated) key is printed once; only its SHA-256 is stored.
 */
public final class ApiKeyCommand {

  static final String USAGE =
      "usage: issue --enterprise ENTERPRISE_UID --role ADMIN|AUDITOR --name NAME [--expires-in 90d]"
          + " | list --enterprise ENTERPRISE_UID"
          + " | rotate --enterprise ENTERPRISE_UID KEY_ID [--overlap 24h]"
          + " | revoke KEY_ID";

  /** How long a rotated key keeps working beside its successor unless told otherwise. */
  static final Duration DEFAULT_OVERLAP = Duration.ofHours(24);

  private ApiKeyCommand() {}

  public static void main(String[] args) {
    Map<String, String> env = System.getenv();
    String uri = env.getOrDefault("DATAEXPORT_MONGODB_URI", "mongodb://localhost:27017");
    String database = env.getOrDefault("DATAEXPORT_MONGODB_DATABASE", "dataexport");
    try (MongoClient client = MongoClients.create(uri)) {
      ApiKeyStore keys = new ApiKeyStore(client.getDatabase(database));
      System.exit(run(List.of(args), keys, Clock.systemUTC(), System.out, System.err));
    }
  }

  /** Runs one command; returns the process exit code (0 done, 1 not done, 2 bad usage). */
  static int run(
      List<String> args, ApiKeyStore keys, Clock clock, PrintStream out, PrintStream err) {
    if (args.isEmpty()) {
      err.println(USAGE);
      return 2;
    }
    return switch (args.get(0)) {
      case "issue" -> issue(args.subList(1, args.size()), keys, clock, out, err);
      case "revoke" -> revoke(args.subList(1, args.size()), keys, clock, out, err);
      case "list" -> list(args.subList(1, args.size()), keys, out, err);
      case "rotate" -> rotate(args.subList(1, args.size()), keys, clock, out, err);
      default -> {
        err.println("unknown command '" + args.get(0) + "'; " + USAGE);
        yield 2;
      }
    };
  }

  private static int issue(
      List<String> args, ApiKeyStore keys, Clock clock, PrintStream out, PrintStream err) {
    String enterprise = option(args, "--enterprise");
    String role = option(args, "--role");
    String name = option(args, "--name");
    if (enterprise == null || role == null || name == null || name.isBlank()) {
      err.println(USAGE);
      return 2;
    }
    Role parsed;
    try {
      parsed = Role.valueOf(role.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      err.println("--role must be one of " + Arrays.toString(Role.values()));
      return 2;
    }
    Duration expiresIn;
    try {
      expiresIn = duration(option(args, "--expires-in"));
    } catch (IllegalArgumentException e) {
      err.println("--expires-in: " + e.getMessage());
      return 2;
    }
    Instant now = clock.instant();
    IssuedApiKey key =
        keys.issue(enterprise, parsed, name, now, expiresIn == null ? null : now.plus(expiresIn));
    printSecret(key, out);
    return 0;
  }

  private static int list(List<String> args, ApiKeyStore keys, PrintStream out, PrintStream err) {
    String enterprise = option(args, "--enterprise");
    if (enterprise == null) {
      err.println(USAGE);
      return 2;
    }
    for (ApiKeyStore.KeyInfo key : keys.list(enterprise)) {
      out.printf(
          "%s  %-7s  created %s  expires %s  last used %s  revoked %s  %s%s%n",
          key.keyId(),
          key.role(),
          key.createdAt(),
          orDash(key.expiresAt()),
          orDash(key.lastUsedAt()),
          orDash(key.revokedAt()),
          key.name(),
          key.replacedBy() == null ? "" : "  (rotated to " + key.replacedBy() + ")");
    }
    return 0;
  }

  private static int rotate(
      List<String> args, ApiKeyStore keys, Clock clock, PrintStream out, PrintStream err) {
    String enterprise = option(args, "--enterprise");
    List<String> positional = positional(args, "--enterprise", "--overlap");
    if (enterprise == null || positional.size() != 1) {
      err.println(USAGE);
      return 2;
    }
    Duration overlap;
    try {
      String given = option(args, "--overlap");
      overlap = given == null ? DEFAULT_OVERLAP : duration(given);
    } catch (IllegalArgumentException e) {
      err.println("--overlap: " + e.getMessage());
      return 2;
    }
    var rotation = keys.rotate(enterprise, positional.get(0), overlap, clock.instant());
    if (rotation.isEmpty()) {
      err.println(
          "no usable key "
              + positional.get(0)
              + " of "
              + enterprise
              + " (unknown, revoked, expired or rotated already)");
      return 1;
    }
    printSecret(rotation.get().successor(), out);
    out.println(
        "the old key " + positional.get(0) + " works until " + rotation.get().previousExpiresAt());
    return 0;
  }

  private static void printSecret(IssuedApiKey key, PrintStream out) {
    out.println("key id:  " + key.keyId());
    out.println("API key: " + key.apiKey());
    out.println("(shown once: only its SHA-256 is stored)");
  }

  /** {@code 90d}, {@code 24h}, {@code 30m}, or an ISO-8601 duration; null when not given. */
  static Duration duration(String text) {
    if (text == null) {
      return null;
    }
    Duration parsed;
    try {
      parsed = DurationStyle.detectAndParse(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("'" + text + "' is not a duration such as 90d or 24h");
    }
    if (parsed.isNegative() || parsed.isZero()) {
      throw new IllegalArgumentException("must be more than zero");
    }
    return parsed;
  }

  private static String orDash(Instant instant) {
    return instant == null ? "-" : instant.toString();
  }

  /** The arguments that are neither one of {@code options} nor an option's value. */
  private static List<String> positional(List<String> args, String... options) {
    List<String> named = List.of(options);
    List<String> rest = new java.util.ArrayList<>();
    for (int i = 0; i < args.size(); i++) {
      if (named.contains(args.get(i))) {
        i++;
      } else {
        rest.add(args.get(i));
      }
    }
    return rest;
  }

  private static int revoke(
      List<String> args, ApiKeyStore keys, Clock clock, PrintStream out, PrintStream err) {
    if (args.size() != 1) {
      err.println(USAGE);
      return 2;
    }
    if (!keys.revoke(args.get(0), clock.instant())) {
      err.println("no unrevoked key with id " + args.get(0));
      return 1;
    }
    out.println("revoked " + args.get(0));
    return 0;
  }

  private static String option(List<String> args, String name) {
    int i = args.indexOf(name);
    return i >= 0 && i + 1 < args.size() ? args.get(i + 1) : null;
  }
}
