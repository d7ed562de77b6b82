package io.dataexport.worker.source.bucket.gcs;

import com.google.cloud.ReadChannel;
import com.google.cloud.storage.Blob;
import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.Storage;
import io.dataexport.worker.source.bucket.SourceBucket;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.file.NoSuchFileException;

/**
 * A source bucket in Google Cloud Storage. Objects are read through the client's read channel, a
 * chunk at a time, so a large file never sits in memory whole.
 */
public class GcsSourceBucket implements SourceBucket {

  // the client's default chunk is 2 MiB; files are copied in one pass, a larger chunk means fewer
  // round trips for large files at no risk to memory (a few exports run at once)
  private static final int CHUNK = 4 << 20;

  private final Storage storage;
  private final String bucket;

  public GcsSourceBucket(Storage storage, String bucket) {
    if (bucket == null || bucket.isBlank()) {
      throw new IllegalArgumentException("dataexport.source.gcs.bucket must be set");
    }
    this.storage = storage;
    this.bucket = bucket;
  }

  @Override
  public InputStream open(String objectName) throws IOException {
    // the generation read here is the one streamed: a file replaced meanwhile is not mixed
    Blob blob = storage.get(BlobId.of(bucket, objectName));
    if (blob == null) {
      throw new NoSuchFileException("gs://" + bucket + "/" + objectName);
    }
    ReadChannel reader = storage.reader(blob.getBlobId());
    reader.setChunkSize(CHUNK);
    return Channels.newInputStream(reader);
  }
}
