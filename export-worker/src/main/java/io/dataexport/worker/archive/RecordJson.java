package io.dataexport.worker.archive;

import java.time.Instant;
import org.bson.Document;
import org.bson.json.JsonMode;
import org.bson.json.JsonWriterSettings;

/**
 * A source record as archives write it: plain JSON for consumers — dates as RFC 3339 strings, ids
 * as strings, no MongoDB wrappers.
 */
public final class RecordJson {

  private static final JsonWriterSettings JSON =
      JsonWriterSettings.builder()
          .outputMode(JsonMode.RELAXED)
          .dateTimeConverter((millis, writer) -> writer.writeString(dateTime(millis)))
          .objectIdConverter((id, writer) -> writer.writeString(id.toHexString()))
          .build();

  private RecordJson() {}

  public static String of(Document record) {
    return record.toJson(JSON);
  }

  /** A date as archives write it: RFC 3339, UTC. */
  static String dateTime(long epochMillis) {
    return Instant.ofEpochMilli(epochMillis).toString();
  }
}
