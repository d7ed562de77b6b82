package io.dataexport.gateway.download;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataexport.archive.ArchiveLayout;
import io.dataexport.archive.ArchiveUpload;
import io.dataexport.archive.DownloadLinks;
import io.dataexport.archive.SignedLink;
import io.dataexport.archive.fs.FilesystemArchiveStore;
import io.dataexport.event.AuditEvent;
import io.dataexport.export.JobKind;
import io.dataexport.gateway.limit.RateLimitProperties;
import io.dataexport.gateway.limit.RequestRateLimiter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.ResponseEntity;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * A checked download where the store hands out storage links (GCS with signing credentials): a
 * user's ZIP is redirected to the short-lived storage link, a workspace's JSON document is served
 * by the gateway itself, so the admin page can read it from its own origin. Both are audited.
 */
class ArchiveDownloadControllerTest {

  @TempDir Path root;

  private final List<AuditEvent.Data> trail = new ArrayList<>();

  @Test
  void aUsersArchiveIsRedirectedAndAWorkspaceDocumentIsServedByTheGateway() throws IOException {
    DownloadLinks links =
        new DownloadLinks(
            URI.create("http://gateway.test"),
            "a-signing-key-of-at-least-32-characters",
            Clock.systemUTC());
    URI bucket = URI.create("https://storage.test/bucket/object?X-Goog-Signature=abc");
    // the filesystem store, handing out a storage link as GCS with signing credentials does
    FilesystemArchiveStore store =
        new FilesystemArchiveStore(root, links, null) {
          @Override
          public Optional<URI> storageLink(String objectName, Duration validity) {
            return Optional.of(bucket);
          }
        };
    ArchiveDownloadController controller =
        new ArchiveDownloadController(
            store,
            links,
            trail::add,
            new RequestRateLimiter(
                new RateLimitProperties(false, null, null, null), new SimpleMeterRegistry()));
    String zip = ArchiveLayout.objectName(JobKind.USER_DATA, "ent_a", "exp_1", 1);
    String json = ArchiveLayout.objectName(JobKind.WORKSPACE, "ent_a", "exp_2", 1);
    write(store, zip, "PK");
    write(store, json, "{\"manifest\":{}}");

    ResponseEntity<?> redirected = download(controller, links.sign(zip, Duration.ofMinutes(1)));
    ResponseEntity<?> served = download(controller, links.sign(json, Duration.ofMinutes(1)));

    assertThat(redirected.getStatusCode().value()).isEqualTo(302);
    assertThat(redirected.getHeaders().getLocation()).isEqualTo(bucket);
    assertThat(served.getStatusCode().value()).isEqualTo(200);
    assertThat(served.getHeaders().getContentType()).hasToString("application/json");
    assertThat(served.getHeaders().getContentDisposition().getFilename()).isEqualTo("exp_2.json");
    assertThat(trail)
        .extracting(AuditEvent.Data::exportUid, AuditEvent.Data::outcome)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("exp_1", "succeeded"),
            org.assertj.core.groups.Tuple.tuple("exp_2", "succeeded"));
  }

  private static ResponseEntity<?> download(ArchiveDownloadController controller, SignedLink link) {
    var query = UriComponentsBuilder.fromUri(link.url()).build().getQueryParams();
    MockHttpServletRequest http = new MockHttpServletRequest("GET", link.url().getPath());
    http.setRemoteAddr("192.0.2.1");
    return controller.download(
        Long.parseLong(query.getFirst("expires")),
        java.net.URLDecoder.decode(query.getFirst("signature"), StandardCharsets.UTF_8),
        http);
  }

  private static void write(FilesystemArchiveStore store, String objectName, String content)
      throws IOException {
    try (ArchiveUpload upload = store.beginUpload(objectName)) {
      upload.stream().write(content.getBytes(StandardCharsets.UTF_8));
      upload.commit();
    }
  }
}
