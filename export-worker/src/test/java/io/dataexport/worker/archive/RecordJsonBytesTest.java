package io.dataexport.worker.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.regex.Pattern;
import org.bson.BsonTimestamp;
import org.bson.Document;
import org.bson.types.Binary;
import org.bson.types.Decimal128;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.Test;

/** The byte writer writes exactly the UTF-8 of {@link RecordJson#of}, whatever the record holds. */
class RecordJsonBytesTest {

  @Test
  void everyCharacterIsEscapedOrEncodedAsTheBsonJsonWriterDoes() throws IOException {
    // every UTF-16 unit, lone surrogates included, in pieces long enough to cross buffer refills
    StringBuilder all = new StringBuilder();
    for (int c = 0; c <= 0xffff; c++) {
      all.append((char) c);
    }
    Document record = new Document("all", all.toString());
    for (int c = 0; c <= 0xffff; c += 4096) {
      record.append("from " + c, all.substring(c, Math.min(0x10000, c + 4096)));
    }
    record.append("emoji 😀 and ñ", "pair 😀, café, 日本語, \u2028, \u00ad, \u0301, ー, \u007f");
    assertSameAsRecordJson(record);
  }

  @Test
  void everyPlainValueTypeAndTheLayoutOfDocumentsAndListsMatch() throws IOException {
    Document record =
        new Document("_id", new ObjectId("65f0c0ffee0000000000abcd"))
            .append("b", "first key after _id")
            .append("int", 42)
            .append("negative", -7)
            .append("long", 1L << 40)
            .append("minLong", Long.MIN_VALUE)
            .append("double", 1.5)
            .append("doubleWhole", 3.0)
            .append("tiny", 1e-300)
            .append("huge", 1.7976931348623157e308)
            .append("negZero", -0.0)
            .append("true", true)
            .append("false", false)
            .append("null", null)
            .append("date", new Date(1_767_225_600_123L))
            .append("epoch", new Date(0))
            .append("beforeEpoch", new Date(-62_135_596_800_001L))
            .append("farFuture", new Date(253_402_300_800_000L))
            .append("empty", "")
            .append("emptyDoc", new Document())
            .append("emptyList", List.of())
            .append(
                "nested",
                new Document("list", Arrays.asList(1, "two", null, new Document("x", List.of()))))
            .append("", "empty key")
            .append("key \"quoted\"\n", "v");
    assertSameAsRecordJson(record);
    assertSameAsRecordJson(new Document());
    assertSameAsRecordJson(new Document("z", 1).append("_id", "id last"));
  }

  @Test
  void datesAndIntegersOfEveryMagnitudeMatch() throws IOException {
    Random random = new Random(17);
    List<Object> dates = new ArrayList<>();
    for (long edge :
        new long[] {
          0,
          1,
          999,
          1000,
          86_399_999,
          86_400_000,
          -1,
          -86_400_001,
          951_782_400_000L, // 2000-02-29
          253_402_300_799_999L,
          253_402_300_800_000L,
          Long.MAX_VALUE / 2,
          Long.MIN_VALUE / 2
        }) {
      dates.add(new Date(edge));
    }
    for (int i = 0; i < 20_000; i++) {
      long millis = random.nextLong() % 253_402_300_800_000L;
      dates.add(new Date(random.nextInt(4) == 0 ? millis - millis % 1000 : millis));
    }
    List<Object> integers = new ArrayList<>();
    for (long edge :
        new long[] {0, -1, 9, 10, 99, 100, Long.MAX_VALUE, Long.MIN_VALUE, Long.MIN_VALUE + 1}) {
      integers.add(edge);
    }
    for (int edge : new int[] {Integer.MAX_VALUE, Integer.MIN_VALUE, -10, 1_000_000}) {
      integers.add(edge);
    }
    for (int i = 0; i < 20_000; i++) {
      integers.add(random.nextLong() >> random.nextInt(64));
      integers.add(random.nextInt() >> random.nextInt(32));
    }
    assertSameAsRecordJson(new Document("dates", dates).append("integers", integers));
  }

  @Test
  void recordsHoldingOtherTypesAreWrittenByTheBsonLibraryItself() throws IOException {
    for (Object other :
        List.of(
            Double.NaN,
            Double.POSITIVE_INFINITY,
            Double.NEGATIVE_INFINITY,
            new Decimal128(12345),
            new Binary(new byte[] {1, 2, 3}),
            new BsonTimestamp(1, 2),
            Pattern.compile("a.*b"),
            new HashMap<>(Map.of("k", "v")),
            (short) 3,
            2.5f,
            new java.sql.Timestamp(1000))) {
      assertSameAsRecordJson(new Document("a", "plain").append("other", other));
      assertSameAsRecordJson(
          new Document("deep", List.of(new Document("other", List.of(1, other)))));
    }
  }

  @Test
  void randomRecordsMatch() throws IOException {
    Random random = new Random(11);
    for (int i = 0; i < 2000; i++) {
      assertSameAsRecordJson(randomDocument(random, 0));
    }
  }

  @Test
  void aRecordLargerThanTheBufferIsWrittenWhole() throws IOException {
    Random random = new Random(3);
    List<Object> events = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      events.add(new Document("text", randomString(random, 5000)).append("n", i));
    }
    assertSameAsRecordJson(new Document("events", events).append("long", "x".repeat(300_000)));
  }

  @Test
  void separatorsAndRecordsFollowEachOtherInOrder() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    RecordJsonBytes json = new RecordJsonBytes(out);
    json.raw("[".getBytes(StandardCharsets.UTF_8));
    json.record(new Document("a", 1));
    json.raw(",\n".getBytes(StandardCharsets.UTF_8));
    json.record(new Document("b", Double.NaN)); // the fallback, between buffered bytes
    json.raw("]".getBytes(StandardCharsets.UTF_8));
    json.flush();
    assertThat(out.toString(StandardCharsets.UTF_8))
        .isEqualTo(
            "["
                + RecordJson.of(new Document("a", 1))
                + ",\n"
                + RecordJson.of(new Document("b", Double.NaN))
                + "]");
  }

  private static void assertSameAsRecordJson(Document record) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    RecordJsonBytes json = new RecordJsonBytes(out);
    byte[] expected;
    try {
      expected = RecordJson.of(record).getBytes(StandardCharsets.UTF_8);
    } catch (RuntimeException refused) { // a type the BSON library cannot write: neither can we
      assertThatThrownBy(() -> json.record(record)).isInstanceOf(refused.getClass());
      return;
    }
    json.record(record);
    json.flush();
    if (!Arrays.equals(out.toByteArray(), expected)) {
      assertThat(out.toString(StandardCharsets.UTF_8))
          .isEqualTo(new String(expected, StandardCharsets.UTF_8));
      assertThat(out.toByteArray()).isEqualTo(expected);
    }
  }

  private static Document randomDocument(Random random, int depth) {
    Document document = new Document();
    int fields = random.nextInt(6);
    for (int i = 0; i < fields; i++) {
      document.append(randomString(random, 8), randomValue(random, depth));
    }
    return document;
  }

  private static Object randomValue(Random random, int depth) {
    int kind = random.nextInt(depth < 3 ? 12 : 10);
    return switch (kind) {
      case 0 -> null;
      case 1 -> random.nextInt();
      case 2 -> random.nextLong();
      case 3 ->
          random.nextBoolean()
              ? random.nextDouble() * 1e6
              : Double.longBitsToDouble(random.nextLong());
      case 4 -> random.nextBoolean();
      case 5 -> new Date(random.nextLong() % 400_000_000_000_000L);
      case 6 -> new ObjectId(new Date(random.nextInt() & 0x7fffffffL), random.nextInt(0xffffff));
      case 7 -> UUID.randomUUID().toString();
      case 8, 9 -> randomString(random, 300);
      case 10 -> randomDocument(random, depth + 1);
      default -> {
        List<Object> list = new ArrayList<>();
        int n = random.nextInt(5);
        for (int i = 0; i < n; i++) {
          list.add(randomValue(random, depth + 1));
        }
        yield list;
      }
    };
  }

  /** Mostly ASCII, with escapes, accents, CJK, emoji, lone surrogates and odd categories. */
  private static String randomString(Random random, int maxLength) {
    int length = random.nextInt(maxLength + 1);
    StringBuilder text = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      int pick = random.nextInt(100);
      if (pick < 70) {
        text.append((char) (0x20 + random.nextInt(0x5f)));
      } else if (pick < 78) {
        text.append((char) random.nextInt(0x80));
      } else if (pick < 86) {
        text.append((char) (0x80 + random.nextInt(0x780)));
      } else if (pick < 94) {
        text.append((char) random.nextInt(0x10000));
      } else {
        text.appendCodePoint(0x10000 + random.nextInt(0x100000));
      }
    }
    return text.toString();
  }
}
