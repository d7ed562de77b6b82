package io.dataexport.worker.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataexport.digest.Sha256;
import io.dataexport.export.ExportJob;
import io.dataexport.export.ExportJobs;
import io.dataexport.worker.source.Sections;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Entries produced on the calling thread and compressed on the pipeline's own: same bytes, bounded
 * buffers, failures of either side thrown to the caller, no thread left behind.
 */
class EntryPipelineTest {

  private static final Instant NOW = Instant.parse("2026-03-05T12:00:00Z");

  @TempDir Path dir;

  @Test
  void entriesOfAnySizeArriveWholeInOrderMeasuredWithFewBuffers() throws Exception {
    Random random = new Random(5);
    Map<String, byte[]> contents = new LinkedHashMap<>();
    contents.put("empty.json", new byte[0]);
    contents.put("one.txt", new byte[] {42});
    contents.put("chunk.bin", randomText(random, EntryPipeline.CHUNK_SIZE));
    contents.put("large.json", randomText(random, 5 * 1024 * 1024 + 17));
    byte[] incompressible = new byte[700_000];
    random.nextBytes(incompressible);
    contents.put("photo.jpg", incompressible);

    try (EntrySpool spool = new EntrySpool(dir.resolve("entries"), NOW)) {
      BytePipe pipe;
      try (EntryPipeline pipeline = new EntryPipeline(spool, "test-compressor")) {
        for (Map.Entry<String, byte[]> entry : contents.entrySet()) {
          byte[] bytes = entry.getValue();
          EntrySpool.Written written =
              pipeline.add(
                  entry.getKey(),
                  EntryMethods.forName(entry.getKey()),
                  out -> {
                    // odd-sized writes, as a copy loop or the JSON buffer would do
                    for (int at = 0; at < bytes.length; at += 10_007) {
                      out.write(bytes, at, Math.min(10_007, bytes.length - at));
                    }
                  });
          assertThat(written.name()).isEqualTo(entry.getKey());
          assertThat(written.bytes()).isEqualTo(bytes.length);
          assertThat(written.sha256()).isEqualTo(sha256(bytes));
        }
        pipe = pipelinePipe(pipeline);
      }
      assertThat(pipe.allocated()).isLessThanOrEqualTo(EntryPipeline.CHUNKS + 2);
      assertThat(readBack(spool)).containsExactlyEntriesOf(contents);
    }
    assertThat(compressorThreads()).isZero();
  }

  @Test
  void whatTheProducerThrowsIsThrownAndTheCompressorStops() throws Exception {
    IllegalStateException cancelled = new IllegalStateException("export cancelled");
    try (EntrySpool spool = new EntrySpool(dir.resolve("entries"), NOW)) {
      try (EntryPipeline pipeline = new EntryPipeline(spool, "test-compressor")) {
        assertThatThrownBy(
                () ->
                    pipeline.add(
                        "session_info.json",
                        ZipArchiveEntry.DEFLATED,
                        out -> {
                          // enough to fill every chunk, so the compressor is mid-entry
                          out.write(new byte[EntryPipeline.CHUNK_SIZE * 10]);
                          throw cancelled;
                        }))
            .isSameAs(cancelled);
        IOException sourceDown = new IOException("source down");
        assertThatThrownBy(
                () ->
                    pipeline.add(
                        "user.json",
                        ZipArchiveEntry.DEFLATED,
                        out -> {
                          throw sourceDown;
                        }))
            .isSameAs(sourceDown);
      }
    }
    assertThat(compressorThreads()).isZero();
  }

  @Test
  void whatTheCompressorThrowsIsThrownToTheProducer() throws Exception {
    EntrySpool spool = new EntrySpool(dir.resolve("entries"), NOW);
    spool.close(); // the spool's file is gone: the compressor fails on its first write
    try (EntryPipeline pipeline = new EntryPipeline(spool, "test-compressor")) {
      assertThatThrownBy(
              () ->
                  pipeline.add(
                      "session_info.json",
                      ZipArchiveEntry.DEFLATED,
                      out -> {
                        for (int i = 0; i < 1000; i++) {
                          out.write(new byte[EntryPipeline.CHUNK_SIZE]);
                        }
                      }))
          // commons-compress's own complaint, from the compressor thread, not the pipe's
          .hasMessageContaining("Deflater has been closed")
          .isNotInstanceOf(BytePipe.ReaderGone.class)
          .isNotInstanceOf(BytePipe.Abandoned.class);
    }
    assertThat(compressorThreads()).isZero();
  }

  @Test
  void theWriterLeavesNoThreadBehindWhetherItSucceedsOrFails() throws Exception {
    ExportJob job = ExportJobs.aPendingJob().build();
    InMemorySource source =
        new InMemorySource()
            .section(Sections.USER, new Document("_id", "usr_1"))
            .section(Sections.SESSION_INFO, new Document("_id", "ses_1").append("t", "x"));
    ArchiveFiles.write(source, job, 1000, dir.resolve("spool"), dir.resolve("a.zip"));
    assertThat(compressorThreads()).isZero();

    InMemorySource failing =
        new InMemorySource()
            .section(Sections.USER, new Document("_id", "usr_1"))
            .section(Sections.SESSION_INFO, new Document("_id", "ses_1"))
            .file(
                "fil_1",
                "ses_1",
                "notes.txt",
                10,
                () ->
                    new InputStream() {
                      @Override
                      public int read() throws IOException {
                        throw new IOException("bucket unreachable");
                      }
                    });
    assertThatThrownBy(
            () ->
                ArchiveFiles.write(failing, job, 1000, dir.resolve("spool2"), dir.resolve("b.zip")))
        .hasMessageContaining("bucket unreachable");
    assertThat(compressorThreads()).isZero();
    try (var left = Files.list(dir.resolve("spool2"))) {
      assertThat(left).isEmpty();
    }
  }

  private static long compressorThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(Thread::isAlive)
        .filter(
            t ->
                t.getName().startsWith("archive-compressor")
                    || t.getName().equals("test-compressor"))
        .count();
  }

  private static BytePipe pipelinePipe(EntryPipeline pipeline) throws Exception {
    var field = EntryPipeline.class.getDeclaredField("pipe");
    field.setAccessible(true);
    return (BytePipe) field.get(pipeline);
  }

  private static Map<String, byte[]> readBack(EntrySpool spool) throws IOException {
    ByteArrayOutputStream zip = new ByteArrayOutputStream();
    try (ZipArchiveOutputStream out = new ZipArchiveOutputStream(zip)) {
      spool.writeTo(out);
    }
    Map<String, byte[]> entries = new LinkedHashMap<>();
    try (ZipInputStream in =
        new ZipInputStream(new java.io.ByteArrayInputStream(zip.toByteArray()))) {
      for (ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
        entries.put(entry.getName(), in.readAllBytes());
      }
    }
    return entries;
  }

  private static byte[] randomText(Random random, int length) {
    byte[] text = new byte[length];
    for (int i = 0; i < length; i++) {
      text[i] = (byte) ('a' + random.nextInt(8));
    }
    return text;
  }

  private static String sha256(byte[] bytes) {
    MessageDigest digest = Sha256.newDigest();
    return HexFormat.of().formatHex(digest.digest(bytes));
  }
}
