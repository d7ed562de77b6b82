package io.dataexport.event;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one JSON encoding of the events on Kafka: snake_case names from the records' annotations, RFC
 * 3339 times. Unknown fields are ignored on read so consumers survive additive changes.
 */
public final class EventJson {

  private static final JsonMapper MAPPER =
      JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

  private EventJson() {}

  public static String write(Object event) {
    return MAPPER.writeValueAsString(event);
  }

  public static <T> T read(String json, Class<T> type) {
    return MAPPER.readValue(json, type);
  }
}
