package io.dataexport.worker.archive.verify;

import io.dataexport.archive.ArchiveLayout;
import io.dataexport.digest.Sha256;
import io.dataexport.event.EventJson;
import io.dataexport.signing.Ed25519;
import io.dataexport.worker.archive.FileEntry;
import io.dataexport.worker.archive.Manifest;
import io.dataexport.worker.archive.ManifestSignature;
import io.dataexport.worker.archive.SectionSummary;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;

/**
 * Checks an export archive against its own manifest: the manifest is the first entry, every entry
 * it lists is there with the size and SHA-256 it states, and nothing else is; given the published
 * manifest keys, the manifest's signature (the second entry) must verify under one of them. Each
 * entry is read once, streamed; the archive is never unpacked. Says every difference it finds, not
 * only the first.
 */
public final class ArchiveVerifier {

  /**
   * What was found: no differences means the archive is what its manifest says.
   *
   * @param signature how the manifest's signature fared: verified with which key, or not checked
   */
  public record Report(int entriesChecked, List<String> differences, String signature) {
    public boolean matches() {
      return differences.isEmpty();
    }
  }

  /** An entry as the manifest states it. */
  private record Expected(long bytes, String sha256) {}

  private ArchiveVerifier() {}

  public static Report verify(Path archive) throws IOException {
    return verify(archive, null);
  }

  /**
   * @param manifestKeys the public keys that may sign manifests, by key id; null checks no
   *     signature
   */
  public static Report verify(Path archive, Map<String, PublicKey> manifestKeys)
      throws IOException {
    List<String> differences = new ArrayList<>();
    try (ZipFile zip = ZipFile.builder().setPath(archive).get()) {
      List<ZipArchiveEntry> entries = Collections.list(zip.getEntriesInPhysicalOrder());
      if (entries.isEmpty() || !entries.get(0).getName().equals(ArchiveLayout.MANIFEST)) {
        differences.add(ArchiveLayout.MANIFEST + ": not the first entry of the archive");
      }
      byte[] manifestBytes = read(zip, ArchiveLayout.MANIFEST);
      Manifest manifest = readManifest(manifestBytes, differences);
      if (manifest == null) {
        return new Report(0, differences, "not checked");
      }
      String signature = checkSignature(zip, entries, manifestBytes, manifestKeys, differences);
      Map<String, Expected> expected = expectedEntries(manifest, differences);
      Set<String> seen = new HashSet<>();
      int checked = 0;
      for (ZipArchiveEntry entry : entries) {
        String name = entry.getName();
        if ((name.equals(ArchiveLayout.MANIFEST) || name.equals(ArchiveLayout.MANIFEST_SIGNATURE))
            && seen.add(name)) {
          continue;
        }
        if (!seen.add(name)) {
          differences.add(name + ": in the archive more than once");
          continue;
        }
        Expected stated = expected.get(name);
        if (stated == null) {
          differences.add(name + ": in the archive but not in the manifest");
          continue;
        }
        compare(zip, entry, stated, differences);
        checked++;
      }
      for (String name : expected.keySet()) {
        if (!seen.contains(name)) {
          differences.add(name + ": in the manifest but not in the archive");
        }
      }
      return new Report(checked, differences, signature);
    }
  }

  /** The signature's verdict; a signature that does not hold is a difference. */
  private static String checkSignature(
      ZipFile zip,
      List<ZipArchiveEntry> entries,
      byte[] manifestBytes,
      Map<String, PublicKey> keys,
      List<String> differences)
      throws IOException {
    String name = ArchiveLayout.MANIFEST_SIGNATURE;
    byte[] stored = read(zip, name);
    if (keys == null) {
      return stored == null ? "none (the archive is not signed)" : "not checked (no keys given)";
    }
    if (stored == null) {
      differences.add(name + ": missing: the archive is not signed");
      return "missing";
    }
    if (entries.size() < 2 || !entries.get(1).getName().equals(name)) {
      differences.add(name + ": not the second entry of the archive");
    }
    ManifestSignature signature;
    try {
      signature =
          EventJson.read(new String(stored, StandardCharsets.UTF_8), ManifestSignature.class);
    } catch (RuntimeException e) {
      differences.add(name + ": unreadable (" + e.getClass().getSimpleName() + ")");
      return "unreadable";
    }
    PublicKey key = signature.keyId() == null ? null : keys.get(signature.keyId());
    if (key == null) {
      differences.add(
          name + ": signed with key " + signature.keyId() + ", which is not one of the given keys");
      return "unknown key " + signature.keyId();
    }
    if (!Ed25519.verify(key, manifestBytes, signature.signature())) {
      differences.add(
          name
              + ": does not match manifest.json under key "
              + signature.keyId()
              + " (the manifest was changed, or the signature is not that key's)");
      return "does not verify";
    }
    return "verified with key " + signature.keyId();
  }

  /** An entry's bytes (small entries only: the manifest and its signature), or null if absent. */
  private static byte[] read(ZipFile zip, String name) throws IOException {
    ZipArchiveEntry entry = zip.getEntry(name);
    if (entry == null) {
      return null;
    }
    try (InputStream in = zip.getInputStream(entry)) {
      return in.readAllBytes();
    }
  }

  private static Manifest readManifest(byte[] bytes, List<String> differences) {
    if (bytes == null) {
      differences.add(ArchiveLayout.MANIFEST + ": missing, nothing to check the archive against");
      return null;
    }
    try {
      Manifest manifest = EventJson.read(new String(bytes, StandardCharsets.UTF_8), Manifest.class);
      if (manifest.sections() == null) {
        differences.add(ArchiveLayout.MANIFEST + ": lists no sections");
        return null;
      }
      return manifest;
    } catch (RuntimeException e) {
      differences.add(
          ArchiveLayout.MANIFEST + ": unreadable (" + e.getClass().getSimpleName() + ")");
      return null;
    }
  }

  /** Every entry the manifest states, by name; the files' summary line checked against the list. */
  private static Map<String, Expected> expectedEntries(
      Manifest manifest, List<String> differences) {
    Map<String, Expected> expected = new LinkedHashMap<>();
    List<FileEntry> files = manifest.files() == null ? List.of() : manifest.files();
    for (SectionSummary section : manifest.sections()) {
      if (section.name().equals(ArchiveLayout.FILES_FOLDER)) {
        long bytes = files.stream().mapToLong(FileEntry::bytes).sum();
        if (section.recordCount() != files.size() || section.bytes() != bytes) {
          differences.add(
              String.format(
                  "%s: the manifest's summary says %d files of %d bytes, its list has %d of %d",
                  section.name(), section.recordCount(), section.bytes(), files.size(), bytes));
        }
        continue;
      }
      expected.put(section.name(), new Expected(section.bytes(), section.sha256()));
    }
    for (FileEntry file : files) {
      if (expected.put(file.path(), new Expected(file.bytes(), file.sha256())) != null) {
        differences.add(file.path() + ": listed more than once in the manifest");
      }
    }
    return expected;
  }

  private static void compare(
      ZipFile zip, ZipArchiveEntry entry, Expected stated, List<String> differences) {
    String name = entry.getName();
    MessageDigest sha256 = Sha256.newDigest();
    long bytes = 0;
    try (InputStream in = zip.getInputStream(entry)) {
      byte[] buffer = new byte[1 << 16];
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        sha256.update(buffer, 0, n);
        bytes += n;
      }
    } catch (IOException | RuntimeException e) {
      differences.add(name + ": unreadable (" + e.getClass().getSimpleName() + ")");
      return;
    }
    if (bytes != stated.bytes()) {
      differences.add(
          String.format("%s: %d bytes, the manifest says %d", name, bytes, stated.bytes()));
    }
    String actual = Sha256.hex(sha256);
    if (!actual.equals(stated.sha256())) {
      differences.add(
          String.format("%s: SHA-256 %s, the manifest says %s", name, actual, stated.sha256()));
    }
  }
}
