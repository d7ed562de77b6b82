package io.dataexport.worker.run;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * The trace an export runs in. The listener container's observation continues the request's trace
 * only on the consumer thread, which hands the record over at once; the export runs later on a
 * dispatcher thread, so it continues the trace from the record's headers itself: the gateway's
 * call, the relay's publish and the export are one trace.
 */
public class ExportTracing {

  /** Runs exports outside any trace. */
  public static final ExportTracing NONE = new ExportTracing(null, null);

  /** The name of the span of one run of an ExportRequested (a claim, and the export it found). */
  public static final String SPAN_NAME = "export-requested process";

  private static final Propagator.Getter<Headers> HEADERS =
      (headers, key) -> {
        Header header = headers.lastHeader(key);
        return header == null || header.value() == null
            ? null
            : new String(header.value(), StandardCharsets.UTF_8);
      };

  private final Tracer tracer;
  private final Propagator propagator;

  public ExportTracing(Tracer tracer, Propagator propagator) {
    this.tracer = tracer;
    this.propagator = propagator;
  }

  /**
   * Starts the span of one run of {@code record} on this thread, a child of the span its headers
   * name (a new trace when they name none); closing the scope ends it.
   */
  public Scope continueFrom(ConsumerRecord<String, String> record) {
    if (tracer == null) {
      return () -> {};
    }
    Span span =
        propagator
            .extract(record.headers(), HEADERS)
            .name(SPAN_NAME)
            .kind(Span.Kind.CONSUMER)
            .tag("messaging.destination.name", record.topic())
            .start();
    Tracer.SpanInScope inScope = tracer.withSpan(span);
    return () -> {
      inScope.close();
      span.end();
    };
  }

  /** A span in scope on the current thread. */
  @FunctionalInterface
  public interface Scope extends AutoCloseable {
    @Override
    void close();
  }
}
