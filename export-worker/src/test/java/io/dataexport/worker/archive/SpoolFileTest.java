package io.dataexport.worker.archive;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpoolFileTest {

  @TempDir Path dir;

  @Test
  void givesBackWhatWasWrittenInSmallPiecesAndDeletesTheFileWhenClosed() throws Exception {
    byte[] written = new byte[3 * 1024 * 1024 + 17]; // several buffers' worth, and a partial one
    new Random(11).nextBytes(written);
    Path file = dir.resolve("entries");
    SpoolFile spool = new SpoolFile(file);
    for (int offset = 0; offset < written.length; offset += 4096) {
      spool.writeOut(written, offset, Math.min(4096, written.length - offset));
    }

    spool.closeForWriting();
    spool.closeForWriting(); // as commons-compress may: once when gathering, once when closing
    byte[] read;
    try (InputStream in = spool.getInputStream()) {
      read = in.readAllBytes();
    }
    spool.close();

    assertThat(read).isEqualTo(written);
    assertThat(file).doesNotExist();
  }
}
