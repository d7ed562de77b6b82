package io.dataexport.archive.gcs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.auth.oauth2.ServiceAccountCredentials;
import com.google.cloud.storage.Blob;
import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.contrib.nio.testing.LocalStorageHelper;
import io.dataexport.archive.ArchiveUpload;
import io.dataexport.archive.DownloadLinks;
import io.dataexport.archive.SignedLink;
import io.dataexport.time.MutableClock;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentMatchers;
import org.mockito.Mockito;

class GcsArchiveStoreTest {

  private static final String BUCKET = "acme-exports";
  private static final String OBJECT = "exports/ent_acme/exp_000001-1.zip";
  private static final String CLIENT_EMAIL = "exports@test-project.iam.gserviceaccount.com";

  private static KeyPair serviceAccountKey;

  private MutableClock clock;
  private Storage storage;
  private GcsArchiveStore store;

  @BeforeAll
  static void generateServiceAccountKey() throws GeneralSecurityException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    serviceAccountKey = generator.generateKeyPair();
  }

  @BeforeEach
  void newStore() {
    clock = new MutableClock(Instant.parse("2026-03-02T09:00:00Z"));
    storage = LocalStorageHelper.getOptions().getService();
    store = new GcsArchiveStore(storage, BUCKET, null, links(), true);
  }

  @Test
  void aCommittedUploadIsABlobWithTheSameBytesAndTheZipContentType() throws IOException {
    byte[] content = randomBytes(300_000); // several times the upload's 64 KiB buffer
    long size;
    try (ArchiveUpload upload = store.beginUpload(OBJECT)) {
      upload.stream().write(content);
      // (Whether the object is visible before commit is not checked: LocalStorageHelper's fake
      // creates the object's metadata when the upload session opens, which real GCS does not.)
      size = upload.commit();
    }

    assertThat(size).isEqualTo(content.length);
    Blob blob = storage.get(BlobId.of(BUCKET, OBJECT));
    assertThat(blob).isNotNull();
    assertThat(blob.getContentType()).isEqualTo("application/zip");
    assertThat(blob.getContent()).isEqualTo(content);
  }

  @Test
  void aWorkspaceArchiveIsStoredAsJson() throws IOException {
    String workspace = "exports/ent_acme/exp_000002-1.json";
    try (ArchiveUpload upload = store.beginUpload(workspace)) {
      upload.stream().write("{}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
      upload.commit();
    }

    assertThat(storage.get(BlobId.of(BUCKET, workspace)).getContentType())
        .isEqualTo("application/json");
  }

  @Test
  void closingAnUploadWithoutCommitLeavesNoBlob() throws IOException {
    try (ArchiveUpload upload = store.beginUpload(OBJECT)) {
      upload.stream().write(randomBytes(100_000));
    }

    assertThat(storage.get(BlobId.of(BUCKET, OBJECT))).isNull();
    assertThat(storage.list(BUCKET).iterateAll()).isEmpty();
  }

  @Test
  void deleteRemovesTheBlob() throws IOException {
    try (ArchiveUpload upload = store.beginUpload(OBJECT)) {
      upload.stream().write(randomBytes(10));
      upload.commit();
    }
    assertThat(storage.get(BlobId.of(BUCKET, OBJECT))).isNotNull();

    store.delete(OBJECT);

    assertThat(storage.get(BlobId.of(BUCKET, OBJECT))).isNull();
  }

  @Test
  void aConfiguredKmsKeyEncryptsEveryUploadAndNoneIsAskedForWithout() throws IOException {
    String kmsKey = "projects/p/locations/europe-west1/keyRings/exports/cryptoKeys/archives";
    Storage watched = Mockito.spy(storage);

    try (ArchiveUpload upload =
        new GcsArchiveStore(watched, BUCKET, kmsKey, links(), true).beginUpload(OBJECT)) {
      upload.stream().write(randomBytes(10));
    }
    try (ArchiveUpload upload =
        new GcsArchiveStore(watched, BUCKET, " ", links(), true).beginUpload(OBJECT)) {
      upload.stream().write(randomBytes(10));
    }

    Mockito.verify(watched)
        .writer(
            ArgumentMatchers.any(com.google.cloud.storage.BlobInfo.class),
            ArgumentMatchers.eq(Storage.BlobWriteOption.kmsKeyName(kmsKey)));
    Mockito.verify(watched).writer(ArgumentMatchers.any(com.google.cloud.storage.BlobInfo.class));
  }

  @Test
  void downloadLinksLeadThroughTheGatewayAndTheStreamOrTheRedirectIsTheGatewaysChoice()
      throws IOException {
    byte[] content = randomBytes(70_000);
    try (ArchiveUpload upload = store.beginUpload(OBJECT)) {
      upload.stream().write(content);
      upload.commit();
    }

    SignedLink link = store.sign(OBJECT, Duration.ofMinutes(10));

    assertThat(link.url().toString()).startsWith("https://exports.example.com/downloads/" + OBJECT);
    assertThat(store.exists(OBJECT)).isTrue();
    assertThat(store.exists("exports/ent_acme/exp_gone-1.zip")).isFalse();
    try (var in = store.read(OBJECT)) {
      assertThat(in.readAllBytes()).isEqualTo(content);
    }
    GcsArchiveStore proxying = new GcsArchiveStore(storage, BUCKET, null, links(), false);
    assertThat(proxying.storageLink(OBJECT, Duration.ofSeconds(50))).isEmpty();
  }

  private DownloadLinks links() {
    return new DownloadLinks(
        URI.create("https://exports.example.com"),
        "a-test-signing-key-of-at-least-32-chars",
        clock);
  }

  @Test
  void aStoreNeedsABucket() {
    assertThatThrownBy(() -> new GcsArchiveStore(storage, " ", null, links(), true))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("bucket");
  }

  @Test
  void aStorageLinkIsAV4UrlForTheBucketAndObjectValidForTheAskedDuration() throws Exception {
    ServiceAccountCredentials credentials =
        ServiceAccountCredentials.newBuilder()
            .setClientEmail(CLIENT_EMAIL)
            .setPrivateKey(serviceAccountKey.getPrivate())
            .setPrivateKeyId("test-key-id")
            .setProjectId("test-project")
            .build();
    Storage signing =
        LocalStorageHelper.customOptions(false).toBuilder()
            .setCredentials(credentials)
            .build()
            .getService();
    GcsArchiveStore signingStore = new GcsArchiveStore(signing, BUCKET, null, links(), true);

    URI url = signingStore.storageLink(OBJECT, Duration.ofMinutes(10)).orElseThrow();

    assertThat(url.getScheme()).isEqualTo("https");
    assertThat(url.getPath()).isEqualTo("/" + BUCKET + "/" + OBJECT);
    Map<String, String> query = query(url);
    assertThat(query)
        .containsEntry("X-Goog-Algorithm", "GOOG4-RSA-SHA256")
        .containsEntry("X-Goog-Expires", "600")
        .containsEntry("X-Goog-SignedHeaders", "host")
        .containsKey("X-Goog-Date")
        .containsKey("X-Goog-Signature");
    assertThat(query.get("X-Goog-Credential")).startsWith(CLIENT_EMAIL + "/");
    assertThat(signatureVerifies(url))
        .as("X-Goog-Signature verifies with the account's public key")
        .isTrue();
  }

  /**
   * Rebuilds the V4 string-to-sign from the URL (GET, the path, the query without the signature,
   * the host header, an unsigned payload) and checks X-Goog-Signature against it with the service
   * account's public key.
   */
  private static boolean signatureVerifies(URI url) throws GeneralSecurityException {
    Map<String, String> rawQuery = new LinkedHashMap<>();
    for (String pair : url.getRawQuery().split("&")) {
      int eq = pair.indexOf('=');
      rawQuery.put(pair.substring(0, eq), pair.substring(eq + 1));
    }
    String signature = rawQuery.remove("X-Goog-Signature");
    String canonicalQuery =
        rawQuery.entrySet().stream()
            .sorted(Map.Entry.comparingByKey())
            .map(e -> e.getKey() + "=" + e.getValue())
            .collect(Collectors.joining("&"));
    String canonicalRequest =
        String.join(
            "\n",
            "GET",
            url.getRawPath(),
            canonicalQuery,
            "host:" + url.getHost(),
            "",
            "host",
            "UNSIGNED-PAYLOAD");
    String date = rawQuery.get("X-Goog-Date");
    String credential =
        URLDecoder.decode(rawQuery.get("X-Goog-Credential"), StandardCharsets.UTF_8);
    String scope = credential.substring(credential.indexOf('/') + 1);
    String stringToSign =
        String.join(
            "\n",
            "GOOG4-RSA-SHA256",
            date,
            scope,
            HexFormat.of()
                .formatHex(
                    MessageDigest.getInstance("SHA-256")
                        .digest(canonicalRequest.getBytes(StandardCharsets.UTF_8))));
    Signature rsa = Signature.getInstance("SHA256withRSA");
    rsa.initVerify(serviceAccountKey.getPublic());
    rsa.update(stringToSign.getBytes(StandardCharsets.UTF_8));
    return rsa.verify(HexFormat.of().parseHex(signature));
  }

  private static Map<String, String> query(URI url) {
    return Arrays.stream(url.getRawQuery().split("&"))
        .map(pair -> pair.split("=", 2))
        .collect(
            Collectors.toMap(
                kv -> URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
                kv -> URLDecoder.decode(kv[1], StandardCharsets.UTF_8),
                (a, b) -> b,
                LinkedHashMap::new));
  }

  private static byte[] randomBytes(int n) {
    byte[] bytes = new byte[n];
    new Random(n).nextBytes(bytes);
    return bytes;
  }
}
