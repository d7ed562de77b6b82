package io.dataexport.archive.gcs;

import com.google.cloud.WriteChannel;
import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.BlobInfo;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageException;
import com.google.common.io.CountingOutputStream;
import io.dataexport.archive.ArchiveLayout;
import io.dataexport.archive.ArchiveStore;
import io.dataexport.archive.ArchiveUpload;
import io.dataexport.archive.DownloadLinks;
import io.dataexport.archive.SignedLink;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.channels.Channels;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Archives as objects in one Google Cloud Storage bucket, written with a resumable upload and
 * downloaded through V4 signed URLs (signed with the client's service-account credentials). The
 * bucket encrypts them at rest: with Google's key, or with a customer-managed Cloud KMS key when
 * one is configured.
 */
public class GcsArchiveStore implements ArchiveStore {

  private final Storage storage;
  private final String bucket;
  private final Storage.BlobWriteOption[] writeOptions;
  private final DownloadLinks links;
  private final boolean redirect;

  /**
   * @param kmsKeyName the Cloud KMS key that encrypts every archive written; null or blank for the
   *     bucket's default encryption
   * @param links signs the gateway's download links
   * @param redirect whether the gateway redirects a checked download to a V4 signed URL (needs
   *     signing credentials), or streams the object itself
   */
  public GcsArchiveStore(
      Storage storage, String bucket, String kmsKeyName, DownloadLinks links, boolean redirect) {
    if (bucket == null || bucket.isBlank()) {
      throw new IllegalArgumentException("dataexport.archive.gcs.bucket must be set");
    }
    this.storage = storage;
    this.bucket = bucket;
    this.writeOptions =
        kmsKeyName == null || kmsKeyName.isBlank()
            ? new Storage.BlobWriteOption[0]
            : new Storage.BlobWriteOption[] {Storage.BlobWriteOption.kmsKeyName(kmsKeyName)};
    this.links = links;
    this.redirect = redirect;
  }

  @Override
  public ArchiveUpload beginUpload(String objectName) {
    // the type a V4 link's download is served with: a user's ZIP or a workspace's JSON
    String contentType =
        ArchiveLayout.parseObjectName(objectName)
            .map(archive -> archive.kind().contentType())
            .orElse("application/octet-stream");
    BlobInfo blob =
        BlobInfo.newBuilder(BlobId.of(bucket, objectName)).setContentType(contentType).build();
    return new GcsUpload(blob.getBlobId(), storage.writer(blob, writeOptions));
  }

  @Override
  public SignedLink sign(String objectName, Duration validity) {
    return links.sign(objectName, validity);
  }

  @Override
  public boolean exists(String objectName) throws IOException {
    try {
      return storage.get(BlobId.of(bucket, objectName), Storage.BlobGetOption.fields()) != null;
    } catch (StorageException e) {
      throw new IOException("bucket " + bucket + " out of reach", e);
    }
  }

  @Override
  public InputStream read(String objectName) throws IOException {
    try {
      return Channels.newInputStream(storage.reader(BlobId.of(bucket, objectName)));
    } catch (StorageException e) {
      throw new IOException("archive " + objectName + " could not be read", e);
    }
  }

  /** A V4 signed URL for the object, when the gateway redirects downloads to the bucket. */
  @Override
  public Optional<URI> storageLink(String objectName, Duration validity) {
    if (!redirect) {
      return Optional.empty();
    }
    var url =
        storage.signUrl(
            BlobInfo.newBuilder(BlobId.of(bucket, objectName)).build(),
            validity.toSeconds(),
            TimeUnit.SECONDS,
            Storage.SignUrlOption.withV4Signature());
    try {
      return Optional.of(url.toURI());
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException("the storage client signed a malformed URL", e);
    }
  }

  @Override
  public void delete(String objectName) {
    storage.delete(BlobId.of(bucket, objectName));
  }

  private final class GcsUpload implements ArchiveUpload {
    private final BlobId blob;
    private final WriteChannel channel;
    private final CountingOutputStream counted;
    private final OutputStream stream;
    private boolean committed;

    GcsUpload(BlobId blob, WriteChannel channel) {
      this.blob = blob;
      this.channel = channel;
      this.counted = new CountingOutputStream(Channels.newOutputStream(channel));
      this.stream = new BufferedOutputStream(counted, 1 << 16);
    }

    @Override
    public OutputStream stream() {
      return stream;
    }

    @Override
    public long commit() throws IOException {
      stream.flush();
      channel.close();
      committed = true;
      return counted.getCount();
    }

    @Override
    public void close() throws IOException {
      if (committed) {
        return;
      }
      // A resumable upload cannot be abandoned through this API: finish it, then remove the
      // partial object so no half-written archive is ever downloadable.
      try {
        channel.close();
      } finally {
        storage.delete(blob);
      }
    }
  }

  /**
   * Nothing to do: an upload that was never finalized leaves no object in the bucket, and GCS
   * discards an abandoned resumable upload session by itself after a week.
   */
  @Override
  public void deleteAbandonedUploads(Instant idleSince) {}

  /** The bucket answers: it exists and these credentials may see it. */
  @Override
  public void checkReachable() throws IOException {
    try {
      if (storage.get(bucket, Storage.BucketGetOption.fields()) == null) {
        throw new IOException("bucket " + bucket + " does not exist");
      }
    } catch (StorageException e) {
      throw new IOException("bucket " + bucket + " out of reach", e);
    }
  }
}
