package io.dataexport.standalone;

import io.dataexport.digest.Sha256;
import io.dataexport.signing.Ed25519;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.util.Base64;
import java.util.Properties;

/**
 * An Ed25519 key the worker signs with (audit digests, archive manifests), made once in the data
 * directory (readable by its owner only) and kept, so what was signed before a restart still
 * verifies under the same key. The gateway gets the public half to publish.
 */
record SigningKeyFile(String keyId, String privateKey, String publicKey) {

  /** The key that signs audit digests: the chain continues across restarts under one key. */
  static SigningKeyFile auditSeal(Path data) throws IOException {
    return loadOrCreate(data, "audit-seal.key", "audit-");
  }

  /** The key that signs archive manifests. */
  static SigningKeyFile archiveManifest(Path data) throws IOException {
    return loadOrCreate(data, "archive-manifest.key", "manifest-");
  }

  private static SigningKeyFile loadOrCreate(Path data, String fileName, String idPrefix)
      throws IOException {
    Path file = data.resolve(fileName);
    if (!Files.exists(file)) {
      create(data, file, idPrefix);
    }
    Properties stored = new Properties();
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      stored.load(in);
    }
    return new SigningKeyFile(
        stored.getProperty("key_id"),
        stored.getProperty("private_key"),
        stored.getProperty("public_key"));
  }

  private static void create(Path data, Path file, String idPrefix) throws IOException {
    KeyPair pair = Ed25519.newKeyPair();
    String publicKey = Base64.getEncoder().encodeToString(pair.getPublic().getEncoded());
    Properties key = new Properties();
    // named after the key itself, so a key made anew never shares an id with an older one
    key.setProperty("key_id", idPrefix + Sha256.hex(publicKey).substring(0, 12));
    key.setProperty(
        "private_key", Base64.getEncoder().encodeToString(pair.getPrivate().getEncoded()));
    key.setProperty("public_key", publicKey);
    Path partial = Files.createTempFile(data, "signing-key", ".tmp");
    try {
      Files.setPosixFilePermissions(partial, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException e) {
      // not a POSIX file system (Windows): the data directory's own access rules apply
    }
    try (Writer out = Files.newBufferedWriter(partial, StandardCharsets.UTF_8)) {
      key.store(out, "Ed25519 signing key (PKCS#8 / X.509, base64)");
    }
    Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE);
  }

  @Override
  public String toString() {
    return "SigningKeyFile[keyId=" + keyId + "]";
  }
}
