package io.dataexport.standalone;

import io.dataexport.audit.seal.DigestSigner;
import io.dataexport.digest.Sha256;
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
 * The Ed25519 key the worker signs audit digests with, made once in the data directory (readable by
 * its owner only) and kept, so the chain of digests continues across restarts under one key. The
 * gateway gets the public half to publish.
 */
record AuditSealKey(String keyId, String privateKey, String publicKey) {

  static final String FILE_NAME = "audit-seal.key";

  static AuditSealKey loadOrCreate(Path data) throws IOException {
    Path file = data.resolve(FILE_NAME);
    if (!Files.exists(file)) {
      create(data, file);
    }
    Properties stored = new Properties();
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      stored.load(in);
    }
    return new AuditSealKey(
        stored.getProperty("key_id"),
        stored.getProperty("private_key"),
        stored.getProperty("public_key"));
  }

  private static void create(Path data, Path file) throws IOException {
    KeyPair pair = DigestSigner.newKeyPair();
    String publicKey = Base64.getEncoder().encodeToString(pair.getPublic().getEncoded());
    Properties key = new Properties();
    // named after the key itself, so a key made anew never shares an id with an older one
    key.setProperty("key_id", "audit-" + Sha256.hex(publicKey).substring(0, 12));
    key.setProperty(
        "private_key", Base64.getEncoder().encodeToString(pair.getPrivate().getEncoded()));
    key.setProperty("public_key", publicKey);
    Path partial = Files.createTempFile(data, "audit-seal", ".tmp");
    try {
      Files.setPosixFilePermissions(partial, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException e) {
      // not a POSIX file system (Windows): the data directory's own access rules apply
    }
    try (Writer out = Files.newBufferedWriter(partial, StandardCharsets.UTF_8)) {
      key.store(out, "Ed25519 key that signs audit digests (PKCS#8 / X.509, base64)");
    }
    Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE);
  }

  @Override
  public String toString() {
    return "AuditSealKey[keyId=" + keyId + "]";
  }
}
