package io.dataexport.audit.verify;

import io.dataexport.audit.seal.AuditRecord;
import io.dataexport.audit.seal.DigestKeys;
import io.dataexport.event.Topics;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code verify-audit}: checks an audit trail against its signed digests and says, per partition,
 * what was removed, altered, reordered or inserted, and how many events are not sealed yet. Reads a
 * topic or an exported file; takes the public keys from the command line or a saved {@code
 * keys.json}, never from the network, so a tampered gateway cannot vouch for a tampered trail. Exit
 * code 0 when everything sealed verifies, 1 when something does not, 2 on a usage error.
 */
public final class VerifyAuditCommand {

  static final String PURPOSE = "audit-digest";
  private static final String USAGE =
      """
      usage: verify-audit (--bootstrap-server HOST:PORT [--topic NAME] [--export FILE] | --file FILE)
                          (--keys keys.json | --public-key KEY_ID=BASE64_X509)...
        --bootstrap-server  read every partition of the topic (default %s) from its beginning
        --export            also write what was read to FILE (JSON lines), for --file later
        --file              read an exported trail: JSON lines {"partition","offset","key","value"}
        --keys              the gateway's /.well-known/dataexport/keys.json, saved beforehand
        --public-key        a key id and its Ed25519 public key (X.509, base64); repeatable
      """
          .formatted(Topics.AUDIT);

  private VerifyAuditCommand() {}

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  /** The command: its report on {@code out}, usage errors on {@code err}; returns the exit code. */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    Options options;
    Map<Integer, List<AuditRecord>> trail;
    try {
      options = Options.parse(args);
      trail = options.file() != null ? TrailFile.read(options.file()) : readTopic(options);
    } catch (IllegalArgumentException | IOException e) {
      err.println(e.getMessage());
      err.print(USAGE);
      return 2;
    }
    TrailVerifier verifier = new TrailVerifier(options.keys());
    boolean verified = true;
    for (Map.Entry<Integer, List<AuditRecord>> partition : trail.entrySet()) {
      PartitionReport report = verifier.verify(partition.getKey(), partition.getValue());
      print(report, out);
      verified &= report.verified();
    }
    out.println(verified ? "verified" : "NOT VERIFIED");
    return verified ? 0 : 1;
  }

  private static Map<Integer, List<AuditRecord>> readTopic(Options options) throws IOException {
    Map<Integer, List<AuditRecord>> trail =
        TopicTrail.read(options.bootstrapServers(), options.topic());
    if (options.export() != null) {
      TrailFile.write(options.export(), trail.values());
    }
    return trail;
  }

  private static void print(PartitionReport report, PrintStream out) {
    out.printf(
        "partition %d: %d digests, %d sealed events checked, %d unsealed events (not yet"
            + " verifiable)%s: %s%n",
        report.partition(),
        report.digests(),
        report.sealedEvents(),
        report.unsealedEvents(),
        report.unanchoredEvents() == 0
            ? ""
            : ", " + report.unanchoredEvents() + " events before the oldest digest retained",
        report.verified() ? "ok" : report.findings().size() + " findings");
    report.findings().forEach(finding -> out.println("  " + finding));
  }

  record Options(String bootstrapServers, String topic, Path file, Path export, DigestKeys keys) {

    static Options parse(String[] args) throws IOException {
      String bootstrap = null;
      String topic = Topics.AUDIT;
      Path file = null;
      Path export = null;
      Map<String, String> keys = new LinkedHashMap<>();
      for (int i = 0; i < args.length; i++) {
        String value = i + 1 < args.length ? args[i + 1] : null;
        if (value == null) {
          throw new IllegalArgumentException(args[i] + " needs a value");
        }
        switch (args[i]) {
          case "--bootstrap-server" -> bootstrap = value;
          case "--topic" -> topic = value;
          case "--file" -> file = Path.of(value);
          case "--export" -> export = Path.of(value);
          case "--keys" -> keys.putAll(publishedKeys(Path.of(value)));
          case "--public-key" -> {
            int eq = value.indexOf('=');
            if (eq <= 0) {
              throw new IllegalArgumentException("--public-key takes KEY_ID=BASE64");
            }
            keys.put(value.substring(0, eq), value.substring(eq + 1));
          }
          default -> throw new IllegalArgumentException("unknown option " + args[i]);
        }
        i++;
      }
      if ((bootstrap == null) == (file == null)) {
        throw new IllegalArgumentException("give either --bootstrap-server or --file");
      }
      if (keys.isEmpty()) {
        throw new IllegalArgumentException("no public key: give --keys or --public-key");
      }
      return new Options(bootstrap, topic, file, export, DigestKeys.of(keys));
    }

    /** The audit-digest keys of a saved keys.json: {"keys":[{"key_id","purpose","public_key"}]}. */
    private static Map<String, String> publishedKeys(Path file) throws IOException {
      JsonNode root =
          JsonMapper.builder().build().readTree(Files.readString(file, StandardCharsets.UTF_8));
      Map<String, String> keys = new LinkedHashMap<>();
      for (JsonNode key : root.path("keys")) {
        if (PURPOSE.equals(key.path("purpose").stringValue())) {
          keys.put(key.path("key_id").stringValue(), key.path("public_key").stringValue());
        }
      }
      return keys;
    }
  }
}
