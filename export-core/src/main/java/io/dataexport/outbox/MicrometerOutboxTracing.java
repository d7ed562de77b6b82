package io.dataexport.outbox;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.Function;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link OutboxTracing} with Micrometer Tracing: the current span is kept as a W3C traceparent;
 * publishing starts a span that is its child and injects that span's context with the services'
 * propagation (W3C by default). When the KafkaTemplate observes its sends, its producer span is a
 * child of this one and replaces the headers with its own context: the same trace either way.
 */
public final class MicrometerOutboxTracing implements OutboxTracing {

  private static final Logger log = LoggerFactory.getLogger(MicrometerOutboxTracing.class);

  /** The name of the span a stored message is published in. */
  public static final String SPAN_NAME = "outbox publish";

  private static final Propagator.Setter<Headers> HEADERS =
      (headers, key, value) -> {
        headers.remove(key);
        headers.add(key, value.getBytes(StandardCharsets.UTF_8));
      };

  private final Tracer tracer;
  private final Propagator propagator;

  public MicrometerOutboxTracing(Tracer tracer, Propagator propagator) {
    this.tracer = tracer;
    this.propagator = propagator;
  }

  @Override
  public String currentTraceparent() {
    TraceContext context = tracer.currentTraceContext().context();
    if (context == null) {
      return null;
    }
    try {
      return new Traceparent(
              // a 64-bit trace id (Brave's option) is the 128-bit one with zeros in front
              leftPadded(context.traceId(), 32),
              context.spanId(),
              Boolean.TRUE.equals(context.sampled()))
          .format();
    } catch (IllegalArgumentException e) {
      return null; // a no-op tracer's empty context
    }
  }

  @Override
  public <T> T send(
      ProducerRecord<String, String> record,
      String traceparent,
      Function<ProducerRecord<String, String>, T> send) {
    Optional<Traceparent> parent = Traceparent.parse(traceparent);
    if (parent.isEmpty()) {
      if (traceparent != null) {
        log.debug("stored traceparent {} is not usable; publishing without it", traceparent);
      }
      return send.apply(record);
    }
    Span span =
        tracer
            .spanBuilder()
            .setParent(
                tracer
                    .traceContextBuilder()
                    .traceId(parent.get().traceId())
                    .spanId(parent.get().spanId())
                    .sampled(parent.get().sampled())
                    .build())
            .name(SPAN_NAME)
            .tag("messaging.destination.name", record.topic())
            .start();
    try (Tracer.SpanInScope scope = tracer.withSpan(span)) {
      propagator.inject(span.context(), record.headers(), HEADERS);
      return send.apply(record);
    } catch (RuntimeException e) {
      span.error(e);
      throw e;
    } finally {
      span.end();
    }
  }

  private static String leftPadded(String id, int length) {
    return id == null || id.length() >= length ? id : "0".repeat(length - id.length()) + id;
  }
}
