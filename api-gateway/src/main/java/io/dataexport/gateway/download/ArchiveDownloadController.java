package io.dataexport.gateway.download;

import io.dataexport.archive.fs.FilesystemArchiveStore;
import io.dataexport.audit.AuditPublisher;
import io.dataexport.event.AuditEvent;
import io.dataexport.gateway.protocol.RequestIdFilter;
import jakarta.servlet.http.HttpServletRequest;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.core.io.FileSystemResource;
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
 * Serves archives of the filesystem store through the links it signed (with GCS, links point at the
 * bucket instead and this controller is not loaded). Every download is audited.
 */
@RestController
@ConditionalOnProperty(
    name = "dataexport.archive.store",
    havingValue = "filesystem",
    matchIfMissing = true)
public class ArchiveDownloadController {

  // exports/<enterprise_uid>/<export uid>.zip, as ArchiveLayout.objectName makes it
  private static final Pattern OBJECT = Pattern.compile("exports/([^/]+)/([^/]+)\\.zip");

  private final FilesystemArchiveStore store;
  private final AuditPublisher audit;

  public ArchiveDownloadController(FilesystemArchiveStore store, AuditPublisher audit) {
    this.store = store;
    this.audit = audit;
  }

  @GetMapping(FilesystemArchiveStore.DOWNLOAD_PATH + "**")
  public ResponseEntity<Resource> download(
      @RequestParam(defaultValue = "0") long expires,
      @RequestParam(defaultValue = "") String signature,
      HttpServletRequest http) {
    String objectName =
        http.getRequestURI().substring(FilesystemArchiveStore.DOWNLOAD_PATH.length());
    Matcher object = OBJECT.matcher(objectName);
    Optional<Path> file =
        object.matches() ? store.resolveSigned(objectName, expires, signature) : Optional.empty();
    String outcome = file.isPresent() ? "succeeded" : "refused";
    audit.publish(
        new AuditEvent.Data(
            1,
            "export.download",
            outcome,
            file.isPresent() ? null : "permission_denied",
            object.matches() ? object.group(1) : null,
            null,
            null,
            http.getRemoteAddr(),
            object.matches() ? object.group(2) : null,
            null,
            null,
            RequestIdFilter.of(http)));
    if (file.isEmpty()) {
      return ResponseEntity.status(HttpStatus.FORBIDDEN).build();
    }
    return ResponseEntity.ok()
        .contentType(MediaType.parseMediaType("application/zip"))
        .header(
            HttpHeaders.CONTENT_DISPOSITION,
            ContentDisposition.attachment().filename(object.group(2) + ".zip").build().toString())
        .body(new FileSystemResource(file.get()));
  }
}
