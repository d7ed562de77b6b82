package io.dataexport.worker.workspace;

import io.dataexport.worker.archive.SpooledArchive;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.json.JsonMapper;

/**
 * A workspace archive ready to be written: its manifest, and its sections spooled (gzipped) as one
 * JSON object. Written as one JSON document that leads with the manifest: {@code {"manifest":
 * {...},} then the spooled object's members and its closing brace.
 */
final class WorkspaceArchive implements SpooledArchive {

  static final JsonMapper JSON = JsonMapper.builder().build();

  private final CoverageManifest manifest;
  private final Path sections;
  private final Path spool;

  WorkspaceArchive(CoverageManifest manifest, Path sections, Path spool) {
    this.manifest = manifest;
    this.sections = sections;
    this.spool = spool;
  }

  CoverageManifest manifest() {
    return manifest;
  }

  @Override
  public void writeTo(OutputStream out) throws IOException {
    out.write("{\"manifest\":".getBytes(StandardCharsets.UTF_8));
    out.write(manifestJson());
    out.write(",\n".getBytes(StandardCharsets.UTF_8));
    try (InputStream in = new GZIPInputStream(Files.newInputStream(sections), 64 * 1024)) {
      if (in.read() != '{') { // the spooled object's opening brace: the manifest's line opened it
        throw new IOException("the spooled sections are not a JSON object");
      }
      in.transferTo(out);
    }
  }

  private byte[] manifestJson() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (JsonGenerator json = JSON.createGenerator(bytes)) {
      manifest.write(json);
    }
    return bytes.toByteArray();
  }

  @Override
  public void close() throws IOException {
    Files.deleteIfExists(sections);
    Files.deleteIfExists(spool);
  }
}
