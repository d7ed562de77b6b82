package io.dataexport.gateway.download;

import io.dataexport.archive.ArchiveLayout;
import io.dataexport.archive.ArchiveLayout.ArchiveObject;
import io.dataexport.archive.ArchiveStore;
import io.dataexport.archive.DownloadLinks;
import io.dataexport.audit.AuditPublisher;
import io.dataexport.audit.AuditUnavailableException;
import io.dataexport.event.AuditEvent;
import io.dataexport.export.JobKind;
import io.dataexport.gateway.api.ApiException;
import io.dataexport.gateway.limit.RequestRateLimiter;
import io.dataexport.gateway.protocol.RequestIdFilter;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import org.springframework.core.io.InputStreamResource;
import org.springframework.core.io.Resource;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Serves archives through the links the archive store signed ({@link DownloadLinks}), whatever the
 * store. Every download attempt is audited before a byte is served (fail-closed), and attempts are
 * rate-limited per client address so links cannot be guessed. A refused attempt is recorded without
 * an enterprise: its URL names one, but nothing proves the caller has anything to do with it. A
 * checked download is streamed, or redirected to a storage link that lives under a minute where the
 * store gives one (GCS with signing credentials).
 */
@RestController
public class ArchiveDownloadController {

  /** How long the storage link of a redirected download lives: only long enough to follow it. */
  static final Duration STORAGE_LINK_VALIDITY = Duration.ofSeconds(50);

  private final ArchiveStore store;
  private final DownloadLinks links;
  private final AuditPublisher audit;
  private final RequestRateLimiter limiter;

  public ArchiveDownloadController(
      ArchiveStore store, DownloadLinks links, AuditPublisher audit, RequestRateLimiter limiter) {
    this.store = store;
    this.links = links;
    this.audit = audit;
    this.limiter = limiter;
  }

  @GetMapping(DownloadLinks.DOWNLOAD_PATH + "**")
  public ResponseEntity<Resource> download(
      @RequestParam(defaultValue = "0") long expires,
      @RequestParam(defaultValue = "") String signature,
      HttpServletRequest http) {
    try {
      return serve(expires, signature, http);
    } catch (AuditUnavailableException e) {
      // fail-closed: no archive leaves, and no refusal is told, without its event on the trail
      return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).build();
    }
  }

  private ResponseEntity<Resource> serve(long expires, String signature, HttpServletRequest http) {
    String objectName = http.getRequestURI().substring(DownloadLinks.DOWNLOAD_PATH.length());
    Optional<ArchiveObject> object = ArchiveLayout.parseObjectName(objectName);
    try {
      limiter.admitDownload(http.getRemoteAddr());
    } catch (ApiException e) {
      audit(http, null, null, "refused", e.code().wireName());
      return ResponseEntity.status(e.code().httpStatus()).headers(e.headers()).build();
    }
    if (object.isEmpty() || !links.verify(objectName, expires, signature) || !exists(objectName)) {
      audit(http, null, null, "refused", "permission_denied");
      return ResponseEntity.status(HttpStatus.FORBIDDEN).build();
    }
    ArchiveObject archive = object.get();
    audit(http, archive.enterpriseUid(), archive.exportUid(), "succeeded", null);
    // A workspace archive always comes through the gateway: the admin page reads it from its own
    // origin (its Content-Security-Policy allows no other), and a bucket would need CORS for it.
    Optional<URI> storageLink =
        archive.kind() == JobKind.WORKSPACE
            ? Optional.empty()
            : store.storageLink(objectName, STORAGE_LINK_VALIDITY);
    if (storageLink.isPresent()) {
      return ResponseEntity.status(HttpStatus.FOUND).location(storageLink.get()).build();
    }
    return ResponseEntity.ok()
        .contentType(MediaType.parseMediaType(archive.kind().contentType()))
        .header(
            HttpHeaders.CONTENT_DISPOSITION,
            ContentDisposition.attachment()
                .filename(archive.exportUid() + "." + archive.kind().archiveExtension())
                .build()
                .toString())
        .body(new InputStreamResource(read(objectName)));
  }

  private boolean exists(String objectName) {
    try {
      return store.exists(objectName);
    } catch (IOException e) {
      throw new UncheckedIOException("archive store out of reach", e);
    }
  }

  /** The archive's own bytes, decrypted as they are sent when the store encrypts at rest. */
  private InputStream read(String objectName) {
    try {
      return store.read(objectName);
    } catch (IOException e) {
      throw new UncheckedIOException("archive " + objectName + " could not be opened", e);
    }
  }

  private void audit(
      HttpServletRequest http,
      String enterpriseUid,
      String exportUid,
      String outcome,
      String errorCode) {
    audit.publish(
        new AuditEvent.Data(
            1,
            "export.download",
            outcome,
            errorCode,
            enterpriseUid,
            null,
            null,
            http.getRemoteAddr(),
            exportUid,
            null,
            null,
            RequestIdFilter.of(http)));
  }
}
