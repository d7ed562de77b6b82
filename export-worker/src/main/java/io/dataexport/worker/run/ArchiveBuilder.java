package io.dataexport.worker.run;

import io.dataexport.archive.ArchiveLayout;
import io.dataexport.archive.ArchiveStore;
import io.dataexport.archive.ArchiveUpload;
import io.dataexport.catalog.UserCatalog;
import io.dataexport.digest.Sha256;
import io.dataexport.export.ExportJob;
import io.dataexport.export.ExportJob.ArchiveRef;
import io.dataexport.worker.archive.ArchivePreparer;
import io.dataexport.worker.archive.SpooledArchive;
import java.io.IOException;
import java.io.OutputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one attempt's archive into the archive store and says what it holds. Nothing is visible in
 * the store unless the whole archive was written: a stopped or failed attempt discards its upload.
 */
class ArchiveBuilder {

  private static final Logger log = LoggerFactory.getLogger(ArchiveBuilder.class);

  private final ArchivePreparer userData;
  private final ArchivePreparer workspace;
  private final ArchiveStore archives;
  private final UserCatalog enterprises;
  private final Duration defaultRetention;
  private final Clock clock;

  /**
   * @param userData prepares a user's ZIP
   * @param workspace prepares a workspace export's JSON document
   */
  ArchiveBuilder(
      ArchivePreparer userData,
      ArchivePreparer workspace,
      ArchiveStore archives,
      UserCatalog enterprises,
      Duration defaultRetention,
      Clock clock) {
    this.userData = userData;
    this.workspace = workspace;
    this.archives = archives;
    this.enterprises = enterprises;
    this.defaultRetention = defaultRetention;
    this.clock = clock;
  }

  static String objectNameOf(ExportJob job) {
    return ArchiveLayout.objectName(job.kind(), job.enterpriseUid(), job.uid(), job.attempt());
  }

  ArchiveRef build(ExportJob job, LeaseKeeper lease) throws IOException {
    String objectName = objectNameOf(job);
    MessageDigest sha256 = Sha256.newDigest();
    // The upload begins once the entries are spooled: written from its first byte to its last
    // without a pause, it never looks abandoned to the sweep however long the compression took.
    ArchivePreparer preparer =
        switch (job.kind()) {
          case USER_DATA -> userData;
          case WORKSPACE -> workspace;
        };
    try (SpooledArchive prepared = preparer.prepare(job, lease);
        ArchiveUpload upload = archives.beginUpload(objectName)) {
      OutputStream out = lease.watch(new DigestOutputStream(upload.stream(), sha256));
      prepared.writeTo(out);
      out.flush();
      // Looked up before the commit: nothing that can fail may come after it, or a committed
      // archive would be left behind by an attempt that then retries or fails.
      Duration retention =
          enterprises.archiveRetention(job.enterpriseUid()).orElse(defaultRetention);
      lease.checkpoint(); // a cancel that came during the last write must not commit
      long size = upload.commit();
      return new ArchiveRef(objectName, size, Sha256.hex(sha256), clock.instant().plus(retention));
    }
  }

  void discard(ExportJob job) {
    try {
      archives.delete(objectNameOf(job));
    } catch (IOException | RuntimeException e) {
      // the lease sweep deletes an attempt's archive again when its job ends without it
      log.warn("archive of export {} not deleted yet: {}", job.uid(), e.getMessage());
    }
  }
}
