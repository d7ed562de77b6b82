package io.dataexport.archive.fs;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.StreamingAead;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.streamingaead.PredefinedStreamingAeadParameters;
import com.google.crypto.tink.streamingaead.StreamingAeadConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;

/**
 * Archives encrypted at rest with Tink's streaming AEAD, AES-256-GCM with HKDF-derived segment keys
 * in 1 MiB segments: an archive of any size is encrypted and decrypted as a stream, and any change
 * to a stored byte fails decryption. The object name is bound in as associated data, so an archive
 * moved under another export's name does not decrypt either.
 *
 * <p>The key is a Tink keyset (JSON): its primary key encrypts, every key in it decrypts, so a key
 * is rotated by adding a new primary and dropping the old key once the archives it wrote expired.
 */
public final class ArchiveEncryption {

  static {
    try {
      StreamingAeadConfig.register();
    } catch (GeneralSecurityException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final StreamingAead aead;

  private ArchiveEncryption(StreamingAead aead) {
    this.aead = aead;
  }

  /**
   * @param keysetJson a Tink JSON keyset of streaming AEAD keys (as {@link #newKeyset()} makes)
   * @throws IllegalArgumentException if it is not one; the message never contains key material
   */
  public static ArchiveEncryption fromKeyset(String keysetJson) {
    try {
      KeysetHandle keyset =
          TinkJsonProtoKeysetFormat.parseKeyset(keysetJson, InsecureSecretKeyAccess.get());
      return new ArchiveEncryption(
          keyset.getPrimitive(RegistryConfiguration.get(), StreamingAead.class));
    } catch (GeneralSecurityException | RuntimeException e) {
      throw new IllegalArgumentException(
          "dataexport.archive.filesystem.encryption-keyset is not a Tink streaming AEAD keyset");
    }
  }

  /** A new keyset with one AES-256-GCM-HKDF 1 MiB key, as JSON: keep it as secret as the data. */
  public static String newKeyset() {
    try {
      return TinkJsonProtoKeysetFormat.serializeKeyset(
          KeysetHandle.generateNew(PredefinedStreamingAeadParameters.AES256_GCM_HKDF_1MB),
          InsecureSecretKeyAccess.get());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Tink could not make a streaming AEAD key", e);
    }
  }

  /** Encrypts what is written to the returned stream into {@code ciphertext}; close it to end. */
  OutputStream encrypting(OutputStream ciphertext, String objectName) throws IOException {
    try {
      return aead.newEncryptingStream(ciphertext, associatedData(objectName));
    } catch (GeneralSecurityException e) {
      throw new IOException("could not start encrypting " + objectName, e);
    }
  }

  /** The plaintext of {@code ciphertext}; reading fails if a stored byte was changed. */
  InputStream decrypting(InputStream ciphertext, String objectName) throws IOException {
    try {
      return aead.newDecryptingStream(ciphertext, associatedData(objectName));
    } catch (GeneralSecurityException e) {
      throw new IOException("could not start decrypting " + objectName, e);
    }
  }

  private static byte[] associatedData(String objectName) {
    return objectName.getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return "ArchiveEncryption[AES256_GCM_HKDF_1MB]";
  }
}
