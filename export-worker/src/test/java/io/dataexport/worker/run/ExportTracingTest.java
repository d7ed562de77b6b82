package io.dataexport.worker.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.otel.bridge.OtelCurrentTraceContext;
import io.micrometer.tracing.otel.bridge.OtelPropagator;
import io.micrometer.tracing.otel.bridge.OtelTracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The export's span on the dispatcher thread, with a real tracer (OpenTelemetry's SDK). */
class ExportTracingTest {

  private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final String SENDER_SPAN = "00f067aa0ba902b7";

  private final SdkTracerProvider spans = SdkTracerProvider.builder().build();
  private final OpenTelemetrySdk otel =
      OpenTelemetrySdk.builder()
          .setTracerProvider(spans)
          .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
          .build();
  private final Tracer tracer =
      new OtelTracer(otel.getTracer("test"), new OtelCurrentTraceContext(), event -> {});
  private final ExportTracing tracing =
      new ExportTracing(tracer, new OtelPropagator(otel.getPropagators(), otel.getTracer("test")));

  @AfterEach
  void close() {
    spans.close();
  }

  @Test
  void anExportContinuesTheTraceItsRequestCarriesAndLeavesTheThreadAsItFoundIt() {
    ConsumerRecord<String, String> record = record();
    record
        .headers()
        .add(
            "traceparent",
            ("00-" + TRACE + "-" + SENDER_SPAN + "-01").getBytes(StandardCharsets.UTF_8));

    Span running;
    try (ExportTracing.Scope scope = tracing.continueFrom(record)) {
      running = tracer.currentSpan();
      assertThat(running).as("span in scope while the export runs").isNotNull();
      assertThat(running.context().traceId()).isEqualTo(TRACE);
      assertThat(running.context().parentId()).isEqualTo(SENDER_SPAN);
      assertThat(running.context().spanId()).isNotEqualTo(SENDER_SPAN);
    }

    assertThat(tracer.currentSpan()).as("span left on the dispatcher thread").isNull();
  }

  @Test
  void aRequestWithoutTraceHeadersRunsInATraceOfItsOwn() {
    String first;
    try (ExportTracing.Scope scope = tracing.continueFrom(record())) {
      first = tracer.currentSpan().context().traceId();
    }
    try (ExportTracing.Scope scope = tracing.continueFrom(record())) {
      assertThat(tracer.currentSpan().context().traceId())
          .matches("[0-9a-f]{32}")
          .isNotEqualTo(first);
    }
  }

  @Test
  void withoutATracerNothingIsInScope() {
    try (ExportTracing.Scope scope = ExportTracing.NONE.continueFrom(record())) {
      assertThat(tracer.currentSpan()).isNull();
    }
  }

  private static ConsumerRecord<String, String> record() {
    return new ConsumerRecord<>("dataexport.export-requested.v1", 0, 7L, "ent/usr", "{}");
  }
}
