package io.dataexport.worker.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Bytes between two threads through a few reused chunks, and either side giving up. */
class BytePipeTest {

  private static final int CHUNK = 1024;
  private static final int CAPACITY = 3;

  @Test
  void bytesArriveInOrderThroughAFewReusedChunksAfterAnEntryWasAbandoned() throws Exception {
    BytePipe pipe = new BytePipe(CHUNK, CAPACITY);

    // an entry abandoned while its reader is mid-chunk
    CompletableFuture<Throwable> reader =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                InputStream in = pipe.input();
                in.readNBytes(CHUNK + CHUNK / 2);
                in.readAllBytes(); // waits for more, until abandoned
                return null;
              } catch (Exception e) {
                return e;
              }
            });
    OutputStream out = pipe.output();
    out.write(new byte[CHUNK * 2 + 10]);
    pipe.abandon();
    assertThat(reader.get(10, TimeUnit.SECONDS)).isInstanceOf(BytePipe.Abandoned.class);

    for (int round = 0; round < 3; round++) {
      pipe.reset();
      byte[] sent = new byte[CHUNK * 50 + round * 333];
      new Random(round).nextBytes(sent);
      CompletableFuture<byte[]> received =
          CompletableFuture.supplyAsync(
              () -> {
                try (InputStream in = pipe.input()) {
                  byte[] all = in.readAllBytes();
                  assertThat(in.read()).isEqualTo(-1);
                  return all;
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              });
      try (OutputStream entry = pipe.output()) {
        for (int at = 0; at < sent.length; at += 777) {
          entry.write(sent, at, Math.min(777, sent.length - at));
        }
      }
      assertThat(received.get(10, TimeUnit.SECONDS)).isEqualTo(sent);
    }
    assertThat(pipe.allocated()).isLessThanOrEqualTo(CAPACITY + 2);
  }

  @Test
  void aWriterAheadOfAReaderThatStoppedIsToldInsteadOfWaitingForever() throws Exception {
    BytePipe pipe = new BytePipe(CHUNK, CAPACITY);
    CompletableFuture<Void> reader =
        CompletableFuture.runAsync(
            () -> {
              try (InputStream in = pipe.input()) {
                in.readNBytes(10); // then fails, say, and closes its end
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    assertThatThrownBy(
            () -> {
              OutputStream out = pipe.output();
              for (int i = 0; i < 100; i++) {
                out.write(new byte[CHUNK]);
              }
              out.close();
            })
        .isInstanceOf(BytePipe.ReaderGone.class);
    reader.get(10, TimeUnit.SECONDS);
  }
}
