package io.dataexport.archive.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataexport.archive.ArchiveUpload;
import io.dataexport.archive.DownloadLinks;
import io.dataexport.archive.SignedLink;
import io.dataexport.time.MutableClock;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FilesystemArchiveStoreTest {

  private static final String KEY = "a-test-signing-key-of-at-least-32-chars";
  private static final URI BASE_URL = URI.create("https://exports.example.com");
  private static final String OBJECT = "exports/ent_acme/exp_000001.zip";
  private static final Duration TEN_MINUTES = Duration.ofMinutes(10);

  @TempDir Path tempDir;

  private Path root;
  private MutableClock clock;
  private FilesystemArchiveStore store;

  @BeforeEach
  void newStore() {
    root = tempDir.resolve("archives");
    clock = new MutableClock(Instant.parse("2026-03-02T09:00:00.250Z"));
    store = new FilesystemArchiveStore(root, new DownloadLinks(BASE_URL, KEY, clock), null);
  }

  // --- uploads ---

  @Test
  void anUploadIsInvisibleUntilCommittedAndCommitReturnsTheByteCount() throws IOException {
    byte[] content = randomBytes(200_000); // more than the upload's 64 KiB buffer
    SignedLink link = store.sign(OBJECT, TEN_MINUTES);
    long size;
    try (ArchiveUpload upload = store.beginUpload(OBJECT)) {
      upload.stream().write(content);
      upload.stream().flush();

      assertThat(root.resolve(OBJECT)).doesNotExist();
      assertThat(resolve(link)).isEmpty();

      size = upload.commit();
    }

    assertThat(size).isEqualTo(content.length);
    assertThat(root.resolve(OBJECT)).hasBinaryContent(content);
    assertThat(resolve(link)).contains(root.resolve(OBJECT));
    assertThat(filesUnder(root)).containsExactly(root.resolve(OBJECT));
  }

  @Test
  void closingAnUploadWithoutCommitLeavesNoFileNotEvenThePart() throws IOException {
    try (ArchiveUpload upload = store.beginUpload(OBJECT)) {
      upload.stream().write(randomBytes(100_000));
      upload.stream().flush();
      assertThat(filesUnder(root)).as("the upload writes somewhere while it runs").isNotEmpty();
    }

    assertThat(filesUnder(root)).isEmpty();
  }

  @Test
  void aNewUploadReplacesTheArchiveOnlyWhenCommitted() throws IOException {
    byte[] first = randomBytes(10);
    byte[] second = randomBytes(20);
    upload(OBJECT, first);

    try (ArchiveUpload abandoned = store.beginUpload(OBJECT)) {
      abandoned.stream().write(second);
    }
    assertThat(root.resolve(OBJECT)).hasBinaryContent(first);

    upload(OBJECT, second);
    assertThat(root.resolve(OBJECT)).hasBinaryContent(second);
  }

  @Test
  void deleteRemovesTheArchive() throws IOException {
    upload(OBJECT, randomBytes(10));
    SignedLink link = store.sign(OBJECT, TEN_MINUTES);

    store.delete(OBJECT);

    assertThat(root.resolve(OBJECT)).doesNotExist();
    assertThat(resolve(link)).isEmpty();
  }

  // --- signed links ---

  @Test
  void aSignedLinkPointsAtTheGatewayDownloadRouteWithExpiryAndSignature() {
    SignedLink link = store.sign(OBJECT, TEN_MINUTES);

    long expectedExpiry = clock.instant().plus(TEN_MINUTES).getEpochSecond();
    assertThat(link.url().toString())
        .startsWith("https://exports.example.com/downloads/" + OBJECT + "?");
    assertThat(link.url().getPath()).isEqualTo("/downloads/" + OBJECT);
    Map<String, String> query = query(link.url());
    assertThat(query.keySet()).containsExactlyInAnyOrder("expires", "signature");
    assertThat(query.get("expires")).isEqualTo(Long.toString(expectedExpiry));
    assertThat(query.get("signature")).matches("[0-9a-f]{64}");
    assertThat(link.expiresAt()).isEqualTo(Instant.ofEpochSecond(expectedExpiry));
  }

  @Test
  void aTrailingSlashOnThePublicBaseUrlDoesNotDoubleTheSlash() {
    FilesystemArchiveStore slashed =
        new FilesystemArchiveStore(
            root, new DownloadLinks(URI.create("https://exports.example.com/"), KEY, clock), null);

    assertThat(slashed.sign(OBJECT, TEN_MINUTES).url().getPath()).isEqualTo("/downloads/" + OBJECT);
  }

  @Test
  void theGenuineSignatureIsAcceptedUntilTheLinkExpires() throws IOException {
    upload(OBJECT, randomBytes(10));
    SignedLink link = store.sign(OBJECT, TEN_MINUTES);

    clock.advance(TEN_MINUTES.minusSeconds(1));
    assertThat(resolve(link)).contains(root.resolve(OBJECT));

    clock.set(link.expiresAt().plusSeconds(1));
    assertThat(resolve(link)).isEmpty();
  }

  @Test
  void aTamperedSignatureIsRefused() throws IOException {
    upload(OBJECT, randomBytes(10));
    SignedLink link = store.sign(OBJECT, TEN_MINUTES);
    Map<String, String> query = query(link.url());
    String signature = query.get("signature");
    char first = signature.charAt(0);
    String tampered = (first == '0' ? '1' : '0') + signature.substring(1);
    long expires = Long.parseLong(query.get("expires"));

    assertThat(store.resolveSigned(OBJECT, expires, tampered)).isEmpty();
    assertThat(store.resolveSigned(OBJECT, expires, signature.toUpperCase())).isEmpty();
    assertThat(store.resolveSigned(OBJECT, expires, "")).isEmpty();
    assertThat(store.resolveSigned(OBJECT, expires + 3600, signature))
        .as("a later expiry with the same signature")
        .isEmpty();
  }

  @Test
  void aSignatureForOneArchiveDoesNotOpenAnother() throws IOException {
    String other = "exports/ent_acme/exp_000002.zip";
    upload(OBJECT, randomBytes(10));
    upload(other, randomBytes(10));
    Map<String, String> query = query(store.sign(OBJECT, TEN_MINUTES).url());

    assertThat(
            store.resolveSigned(
                other, Long.parseLong(query.get("expires")), query.get("signature")))
        .isEmpty();
  }

  @Test
  void objectNamesThatEscapeTheDirectoryAreRefused() throws IOException {
    Path outside = tempDir.resolve("x.zip");
    Files.write(outside, randomBytes(10));
    long expires = clock.instant().plus(TEN_MINUTES).getEpochSecond();
    assertThat(hmac(OBJECT, expires))
        .as("the test signs like the store does")
        .isEqualTo(query(store.sign(OBJECT, TEN_MINUTES).url()).get("signature"));

    for (String escaping : List.of("../x.zip", "exports/../../x.zip", outside.toString())) {
      assertThatThrownBy(() -> store.sign(escaping, TEN_MINUTES))
          .as("sign " + escaping)
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> store.beginUpload(escaping))
          .as("upload " + escaping)
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> store.delete(escaping))
          .as("delete " + escaping)
          .isInstanceOf(IllegalArgumentException.class);
      // Even a signature made with the right key (say by another service sharing it) does not
      // let a link reach outside the directory.
      assertThat(store.resolveSigned(escaping, expires, hmac(escaping, expires)))
          .as("resolve " + escaping)
          .isEmpty();
    }
    assertThat(outside).exists();
  }

  @Test
  void aSignatureMadeWithTheSharedKeyIsHonouredByAnyStoreWithThatKey() throws IOException {
    upload(OBJECT, randomBytes(10));
    FilesystemArchiveStore gateway =
        new FilesystemArchiveStore(root, new DownloadLinks(BASE_URL, KEY, clock), null);
    FilesystemArchiveStore otherKey =
        new FilesystemArchiveStore(
            root, new DownloadLinks(BASE_URL, KEY.replace('a', 'b'), clock), null);
    SignedLink link = store.sign(OBJECT, TEN_MINUTES);
    Map<String, String> query = query(link.url());
    long expires = Long.parseLong(query.get("expires"));

    assertThat(gateway.resolveSigned(OBJECT, expires, query.get("signature")))
        .contains(root.resolve(OBJECT));
    assertThat(otherKey.resolveSigned(OBJECT, expires, query.get("signature"))).isEmpty();
  }

  @Test
  void aStoreWithoutSigningKeyCanUploadButNotSign() throws IOException {
    FilesystemArchiveStore worker =
        new FilesystemArchiveStore(root, new DownloadLinks(BASE_URL, null, clock), null);
    byte[] content = randomBytes(1000);

    long size;
    try (ArchiveUpload upload = worker.beginUpload(OBJECT)) {
      upload.stream().write(content);
      size = upload.commit();
    }

    assertThat(size).isEqualTo(content.length);
    assertThat(root.resolve(OBJECT)).hasBinaryContent(content);
    assertThatThrownBy(() -> worker.sign(OBJECT, TEN_MINUTES))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void aSigningKeyShorterThan32CharactersIsRefused() {
    assertThatThrownBy(
            () ->
                new FilesystemArchiveStore(
                    root, new DownloadLinks(BASE_URL, "too-short", clock), null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("32");
  }

  // --- helpers ---

  private void upload(String objectName, byte[] content) throws IOException {
    try (ArchiveUpload upload = store.beginUpload(objectName)) {
      upload.stream().write(content);
      upload.commit();
    }
  }

  /** What the gateway's download route does with a link's query. */
  private java.util.Optional<Path> resolve(SignedLink link) {
    String prefix = "/downloads/";
    String objectName = link.url().getPath().substring(prefix.length());
    Map<String, String> query = query(link.url());
    return store.resolveSigned(
        objectName, Long.parseLong(query.get("expires")), query.get("signature"));
  }

  private static Map<String, String> query(URI url) {
    Map<String, String> params = new LinkedHashMap<>();
    for (String pair : url.getRawQuery().split("&")) {
      int eq = pair.indexOf('=');
      params.put(
          URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
          URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return params;
  }

  /** HMAC-SHA256 over "objectName\nexpires" with the test key, hex: the documented link scheme. */
  private static String hmac(String objectName, long expires) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(KEY.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return HexFormat.of()
          .formatHex(mac.doFinal((objectName + "\n" + expires).getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.GeneralSecurityException e) {
      throw new AssertionError(e);
    }
  }

  private static List<Path> filesUnder(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return List.of();
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      return paths.filter(Files::isRegularFile).toList();
    }
  }

  private static byte[] randomBytes(int n) {
    byte[] bytes = new byte[n];
    new Random(n).nextBytes(bytes);
    return bytes;
  }
}
