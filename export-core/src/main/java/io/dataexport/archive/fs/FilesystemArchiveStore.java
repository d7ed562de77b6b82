package io.dataexport.archive.fs;

import com.google.common.io.CountingOutputStream;
import io.dataexport.archive.ArchiveStore;
import io.dataexport.archive.ArchiveUpload;
import io.dataexport.archive.DownloadLinks;
import io.dataexport.archive.KeepOpenOutputStream;
import io.dataexport.archive.SignedLink;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Archives as files under one directory (a local disk, or a volume all services mount). Download
 * links point at the gateway's {@value #DOWNLOAD_PATH} route and carry an HMAC-SHA256 over the
 * object name and expiry, which the gateway checks with {@link #resolveSigned} before it serves the
 * file. With an {@link ArchiveEncryption} the files are encrypted at rest and {@link #read}
 * decrypts them as they are served.
 */
public class FilesystemArchiveStore implements ArchiveStore {

  /** Where the gateway serves downloads; see {@link DownloadLinks}. */
  public static final String DOWNLOAD_PATH = DownloadLinks.DOWNLOAD_PATH;

  /** An upload in progress is a file named so beside its target, moved into place on commit. */
  private static final String UPLOAD_PREFIX = ".upload-";

  private static final String UPLOAD_SUFFIX = ".part";

  private final Path root;
  private final DownloadLinks links;
  private final ArchiveEncryption encryption;

  public FilesystemArchiveStore(Path root, URI publicBaseUrl, String signingKey, Clock clock) {
    this(root, new DownloadLinks(publicBaseUrl, signingKey, clock), null);
  }

  public FilesystemArchiveStore(
      Path root, URI publicBaseUrl, String signingKey, ArchiveEncryption encryption, Clock clock) {
    this(root, new DownloadLinks(publicBaseUrl, signingKey, clock), encryption);
  }

  /**
   * @param links signs the gateway's download links
   * @param encryption encrypts archives at rest; null stores them as they are written
   */
  public FilesystemArchiveStore(Path root, DownloadLinks links, ArchiveEncryption encryption) {
    this.root = root.toAbsolutePath().normalize();
    this.links = links;
    this.encryption = encryption;
  }

  @Override
  public ArchiveUpload beginUpload(String objectName) throws IOException {
    Path target = pathOf(objectName);
    Files.createDirectories(target.getParent());
    Path partial = Files.createTempFile(target.getParent(), UPLOAD_PREFIX, UPLOAD_SUFFIX);
    return new FileUpload(partial, target, encryption, objectName);
  }

  /**
   * The archive's bytes as it was written (decrypted when the store encrypts). Read it to its end:
   * an encrypted archive whose stored bytes were changed fails with an IOException on the way.
   */
  @Override
  public InputStream read(String objectName) throws IOException {
    InputStream stored = Files.newInputStream(pathOf(objectName));
    return encryption == null ? stored : encryption.decrypting(stored, objectName);
  }

  @Override
  public SignedLink sign(String objectName, Duration validity) {
    pathOf(objectName);
    return links.sign(objectName, validity);
  }

  /**
   * The archive's file if {@code signature} was made by this store for {@code objectName} and
   * {@code expires} has not passed; empty otherwise (including when the file is gone).
   */
  public Optional<Path> resolveSigned(String objectName, long expires, String signature) {
    if (!links.verify(objectName, expires, signature)) {
      return Optional.empty();
    }
    Path path;
    try {
      path = pathOf(objectName);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    return Files.isRegularFile(path) ? Optional.of(path) : Optional.empty();
  }

  @Override
  public boolean exists(String objectName) {
    try {
      return Files.isRegularFile(pathOf(objectName));
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  @Override
  public void delete(String objectName) throws IOException {
    Files.deleteIfExists(pathOf(objectName));
  }

  @Override
  public void deleteAbandonedUploads(Instant idleSince) throws IOException {
    if (!Files.isDirectory(root)) {
      return;
    }
    try (Stream<Path> files = Files.walk(root)) {
      for (Path file : files.filter(FilesystemArchiveStore::isUpload).toList()) {
        try {
          if (Files.getLastModifiedTime(file).toInstant().isBefore(idleSince)) {
            Files.deleteIfExists(file);
          }
        } catch (NoSuchFileException e) {
          // committed or discarded since the walk listed it: nothing to delete
        }
      }
    }
  }

  @Override
  public void checkReachable() throws IOException {
    Files.createDirectories(root);
    if (!Files.isWritable(root)) {
      throw new IOException("archive directory is not writable");
    }
  }

  private static boolean isUpload(Path file) {
    String name = file.getFileName().toString();
    return name.startsWith(UPLOAD_PREFIX) && name.endsWith(UPLOAD_SUFFIX);
  }

  private Path pathOf(String objectName) {
    Path path = root.resolve(objectName).normalize();
    if (!path.startsWith(root) || path.equals(root)) {
      throw new IllegalArgumentException(
          "object name escapes the archive directory: " + objectName);
    }
    return path;
  }

  /**
   * Writes to a temporary file beside the target and moves it into place on commit. The size it
   * reports is the archive's own, not the ciphertext's, so digests and sizes mean the same with and
   * without encryption.
   */
  private static final class FileUpload implements ArchiveUpload {
    private final Path partial;
    private final Path target;
    private final FileChannel channel;
    private final OutputStream file;
    private final OutputStream sink;
    private final CountingOutputStream stream;
    private boolean committed;

    FileUpload(Path partial, Path target, ArchiveEncryption encryption, String objectName)
        throws IOException {
      this.partial = partial;
      this.target = target;
      this.channel = FileChannel.open(partial, StandardOpenOption.WRITE);
      this.file = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
      // the encrypting stream writes its last segment when closed; the file must stay open after
      // that, to be forced to disk
      this.sink =
          encryption == null
              ? file
              : encryption.encrypting(new KeepOpenOutputStream(file), objectName);
      this.stream = new CountingOutputStream(sink);
    }

    @Override
    public OutputStream stream() {
      return stream;
    }

    @Override
    public long commit() throws IOException {
      if (sink == file) {
        stream.flush();
      } else {
        sink.close();
      }
      file.flush();
      channel.force(true);
      long size = stream.getCount();
      channel.close();
      Files.move(
          partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      committed = true;
      return size;
    }

    @Override
    public void close() throws IOException {
      if (!committed) {
        channel.close();
        Files.deleteIfExists(partial);
      }
    }
  }
}
