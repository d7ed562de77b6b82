package io.dataexport.demo;

import java.io.InputStream;
import java.util.SplittableRandom;

/**
 * {@code size} bytes made from a seed as they are read, never held whole: text (words and lines) or
 * random bytes (as incompressible as a PNG or a ZIP).
 */
final class GeneratedBytes extends InputStream {

  private static final byte[][] WORDS = {
    "export ".getBytes(), "archive ".getBytes(), "session ".getBytes(), "notes ".getBytes(),
    "budget ".getBytes(), "plan ".getBytes(), "engine ".getBytes(), "report ".getBytes(),
    "draft ".getBytes(), "meeting ".getBytes(), "figure ".getBytes(), "table\n".getBytes()
  };

  private final SplittableRandom random;
  private final long size;
  private final boolean text;
  private long position;
  private byte[] word = new byte[0];
  private int inWord;

  GeneratedBytes(long seed, long size, boolean text) {
    this.random = new SplittableRandom(seed);
    this.size = size;
    this.text = text;
  }

  @Override
  public int read() {
    if (position >= size) {
      return -1;
    }
    position++;
    if (!text) {
      return random.nextInt(256);
    }
    if (inWord == word.length) {
      word = WORDS[random.nextInt(WORDS.length)];
      inWord = 0;
    }
    return word[inWord++] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) {
    if (position >= size) {
      return -1;
    }
    int n = (int) Math.min(len, size - position);
    for (int i = 0; i < n; i++) {
      b[off + i] = (byte) read();
    }
    return n;
  }
}
