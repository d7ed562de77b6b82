package io.dataexport.worker.archive.verify;

import io.dataexport.digest.Sha256;
import io.dataexport.signing.Ed25519;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The operator's {@code verify} command: checks an export archive against its manifest and, given
 * the SHA-256 that {@code enterprise.export.detail} returned ({@code file_sha256}), the whole file
 * against it too. Prints every difference; exits 0 when there is none, 1 when there is, 2 on bad
 * usage.
 *
 * <p>With {@code --keys keys.json} (the gateway's {@code /.well-known/dataexport/keys.json}, saved)
 * the manifest's signature must verify under one of its {@code archive-manifest} keys.
 *
 * <pre>
 * java -cp export-worker-…-exec.jar -Dloader.main=io.dataexport.worker.archive.verify.VerifyArchive \
 *   org.springframework.boot.loader.launch.PropertiesLauncher export.zip [--sha256 HEX] [--keys FILE]
 * </pre>
 */
public final class VerifyArchive {

  private VerifyArchive() {}

  public static void main(String[] args) {
    System.exit(run(List.of(args), System.out, System.err));
  }

  /** Runs the command; returns the process exit code. */
  public static int run(List<String> args, PrintStream out, PrintStream err) {
    String usage =
        "usage: VerifyArchive <archive.zip> [--sha256 <file_sha256 from export.detail>]"
            + " [--keys <keys.json from /.well-known/dataexport/keys.json>]";
    Map<String, String> options = new HashMap<>();
    for (int i = 1; i < args.size(); i += 2) {
      if (i + 1 >= args.size() || !OPTIONS.contains(args.get(i))) {
        err.println(usage);
        return 2;
      }
      options.put(args.get(i), args.get(i + 1));
    }
    if (args.isEmpty()) {
      err.println(usage);
      return 2;
    }
    Path archive = Path.of(args.get(0));
    if (!Files.isRegularFile(archive)) {
      err.println(archive + ": no such file");
      return 2;
    }
    Map<String, PublicKey> keys;
    try {
      keys = options.containsKey("--keys") ? manifestKeys(Path.of(options.get("--keys"))) : null;
    } catch (IOException | RuntimeException e) {
      err.println("--keys: not a keys.json with archive-manifest keys (" + e.getMessage() + ")");
      return 2;
    }
    try {
      int differences = 0;
      String stated = options.get("--sha256");
      if (stated != null) {
        String actual = sha256(archive);
        if (!actual.equals(stated.toLowerCase(Locale.ROOT))) {
          out.println(archive + ": SHA-256 " + actual + ", expected " + stated);
          differences++;
        }
      }
      ArchiveVerifier.Report report = ArchiveVerifier.verify(archive, keys);
      report.differences().forEach(out::println);
      differences += report.differences().size();
      out.println("manifest signature: " + report.signature());
      if (differences == 0) {
        out.println(
            "OK: "
                + report.entriesChecked()
                + " entries match the manifest"
                + (stated != null ? ", and the archive its SHA-256" : ""));
        return 0;
      }
      out.println("DIFFERS: " + differences + " difference(s)");
      return 1;
    } catch (IOException e) {
      out.println(archive + ": not a readable ZIP (" + e.getMessage() + ")");
      return 1;
    }
  }

  private static final Set<String> OPTIONS = Set.of("--sha256", "--keys");

  /** The {@code archive-manifest} keys of a keys.json, by key id. */
  static Map<String, PublicKey> manifestKeys(Path keysJson) throws IOException {
    Map<String, PublicKey> keys = new HashMap<>();
    JsonNode root = JSON.readTree(Files.readString(keysJson));
    for (JsonNode key : root.path("keys")) {
      if (MANIFEST_PURPOSE.equals(key.path("purpose").asString(""))) {
        String id = key.path("key_id").asString("");
        keys.put(id, Ed25519.publicKey(id, key.path("public_key").asString("")));
      }
    }
    if (keys.isEmpty()) {
      throw new IllegalArgumentException("it lists no key of purpose " + MANIFEST_PURPOSE);
    }
    return keys;
  }

  /** The purpose the gateway publishes manifest keys under. */
  public static final String MANIFEST_PURPOSE = "archive-manifest";

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private static String sha256(Path file) throws IOException {
    MessageDigest digest = Sha256.newDigest();
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buffer = new byte[1 << 16];
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        digest.update(buffer, 0, n);
      }
    }
    return Sha256.hex(digest);
  }
}
