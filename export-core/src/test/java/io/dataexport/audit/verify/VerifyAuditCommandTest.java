package io.dataexport.audit.verify;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataexport.audit.seal.SealedTopic;
import io.dataexport.kafka.LocalKafka;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * verify-audit over a topic the sealer sealed, then over tampered copies of its export: each change
 * is named, and the exit code says whether the trail verified.
 */
class VerifyAuditCommandTest {

  @RegisterExtension static final LocalKafka kafka = new LocalKafka("unused");

  @TempDir static Path files;
  private static SealedTopic audit;
  private static Path export;

  /** Partition 0: events at offsets 0-2 and their digest; partition 1: two events, one digest. */
  @BeforeAll
  static void sealAndExport() throws Exception {
    audit = new SealedTopic(kafka);
    audit.publish(0, 3);
    audit.publish(1, 2);
    var sealer = audit.startSealer();
    audit.awaitEverythingSealed();
    sealer.stop();
    audit.publish(1, 1); // an unsealed tail, not an error
    export = files.resolve("trail.jsonl");

    Result result =
        run(
            "--bootstrap-server", kafka.brokers(),
            "--topic", audit.topic(),
            "--public-key", SealedTopic.KEY_ID + "=" + audit.publicKey(),
            "--export", export.toString());

    assertThat(result.exitCode()).as(result.out()).isZero();
  }

  @AfterAll
  static void stop() {
    audit.close();
  }

  @Test
  void theTopicVerifiesAndSaysWhatIsNotSealedYet() throws Exception {
    Result result =
        run(
            "--bootstrap-server", kafka.brokers(),
            "--topic", audit.topic(),
            "--keys", keysJson().toString());

    assertThat(result.exitCode()).isZero();
    assertThat(result.out())
        .contains("partition 0: 1 digests, 3 sealed events checked, 0 unsealed")
        .contains("partition 1: 1 digests, 2 sealed events checked, 1 unsealed")
        .endsWith("verified" + System.lineSeparator());
  }

  @Test
  void theUntouchedExportVerifies() throws Exception {
    assertThat(verifyFile(lines -> lines).exitCode()).isZero();
  }

  @Test
  void anAlteredEventIsReported() throws Exception {
    Result result =
        verifyFile(lines -> replace(lines, 1, lines.get(1).replace("succeeded", "refused")));

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.out()).contains("ALTERED partition 0").endsWith("NOT VERIFIED\n");
  }

  @Test
  void aDroppedEventIsReported() throws Exception {
    Result result = verifyFile(lines -> without(lines, 1));

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.out()).contains("REMOVED partition 0").contains("no record at offsets 1");
  }

  @Test
  void reorderedEventsAreReported() throws Exception {
    Result result = verifyFile(lines -> replace(replace(lines, 0, lines.get(1)), 1, lines.get(0)));

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.out()).contains("REORDERED partition 0");
  }

  @Test
  void anInsertedEventIsReported() throws Exception {
    Result result =
        verifyFile(
            lines -> {
              List<String> more = new ArrayList<>(lines);
              more.add(2, lines.get(1));
              return more;
            });

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.out()).contains("INSERTED partition 0");
  }

  @Test
  void aDigestSignedWithAKeyNotGivenIsReportedAsForged() throws Exception {
    Path file = files.resolve("untouched.jsonl");
    Files.copy(export, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    String otherKey =
        java.util.Base64.getEncoder()
            .encodeToString(
                io.dataexport.audit.seal.DigestSigner.newKeyPair().getPublic().getEncoded());

    Result result =
        run("--file", file.toString(), "--public-key", SealedTopic.KEY_ID + "=" + otherKey);

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.out()).contains("FORGED_DIGEST partition 0", "FORGED_DIGEST partition 1");
  }

  @Test
  void aMissingKeyIsAUsageError() {
    assertThat(run("--file", export.toString()).exitCode()).isEqualTo(2);
  }

  private static Result verifyFile(UnaryOperator<List<String>> tamper) throws Exception {
    List<String> lines = Files.readAllLines(export, StandardCharsets.UTF_8);
    assertThat(lines.get(0)).contains("\"partition\":0", "\"offset\":0");
    assertThat(lines.get(3)).contains("digest.v1");
    Path file = Files.createTempFile(files, "tampered", ".jsonl");
    Files.write(file, tamper.apply(lines), StandardCharsets.UTF_8);
    return run(
        "--file", file.toString(), "--public-key", SealedTopic.KEY_ID + "=" + audit.publicKey());
  }

  private static List<String> replace(List<String> lines, int index, String line) {
    List<String> copy = new ArrayList<>(lines);
    copy.set(index, line);
    return copy;
  }

  private static List<String> without(List<String> lines, int index) {
    List<String> copy = new ArrayList<>(lines);
    copy.remove(index);
    return copy;
  }

  /** A saved keys.json as the gateway serves it, with a key of another purpose beside ours. */
  private static Path keysJson() throws Exception {
    Path file = files.resolve("keys.json");
    Files.writeString(
        file,
        """
        {"keys":[
          {"key_id":"manifest-1","purpose":"archive-manifest","algorithm":"Ed25519","public_key":"AAAA"},
          {"key_id":"%s","purpose":"audit-digest","algorithm":"Ed25519","public_key":"%s"}
        ]}
        """
            .formatted(SealedTopic.KEY_ID, audit.publicKey()));
    return file;
  }

  private static Result run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        VerifyAuditCommand.run(
            args,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Result(
        code, out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8));
  }

  private record Result(int exitCode, String out) {}
}
