package io.dataexport.gateway.auth;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import java.io.PrintStream;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The operator's tool for API keys, run against the gateway's MongoDB ({@code
 * DATAEXPORT_MONGODB_URI}, {@code DATAEXPORT_MONGODB_DATABASE}):
 *
 * <pre>
 * issue --enterprise ENTERPRISE_UID --role ADMIN|AUDITOR --name "what the key is for"
 * revoke KEY_ID
 * </pre>
 *
 * An issued key is printed once; only its SHA-256 is stored.
 */
public final class ApiKeyCommand {

  static final String USAGE =
      "usage: issue --enterprise ENTERPRISE_UID --role ADMIN|AUDITOR --name NAME | revoke KEY_ID";

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
    IssuedApiKey key = keys.issue(enterprise, parsed, name, clock.instant());
    out.println("key id:  " + key.keyId());
    out.println("API key: " + key.apiKey());
    out.println("(shown once: only its SHA-256 is stored)");
    return 0;
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
