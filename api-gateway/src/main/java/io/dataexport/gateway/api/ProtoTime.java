package io.dataexport.gateway.api;

import com.google.protobuf.Timestamp;
import java.time.Instant;

/** Instants as the API's protobuf Timestamps (RFC 3339 in JSON). */
public final class ProtoTime {

  private ProtoTime() {}

  public static Timestamp timestamp(Instant instant) {
    return Timestamp.newBuilder()
        .setSeconds(instant.getEpochSecond())
        .setNanos(instant.getNano())
        .build();
  }

  public static Instant instant(Timestamp timestamp) {
    return Instant.ofEpochSecond(timestamp.getSeconds(), timestamp.getNanos());
  }
}
