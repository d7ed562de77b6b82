package io.dataexport.archive.fs;

/**
 * Prints a new archive-encryption keyset (Tink JSON) for {@code
 * DATAEXPORT_ARCHIVE_FILESYSTEM_ENCRYPTIONKEYSET}: run it once, keep the output in a secret store.
 */
public final class NewArchiveKeyset {

  private NewArchiveKeyset() {}

  public static void main(String[] args) {
    System.out.println(ArchiveEncryption.newKeyset());
  }
}
