package io.dataexport.outbox;

import static io.dataexport.export.ExportJobs.T0;
import static io.dataexport.export.ExportJobs.aPendingJob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.mongodb.client.MongoDatabase;
import io.dataexport.export.ExportJob;
import io.dataexport.export.ExportJobStore.CreateOptions;
import io.dataexport.export.JobEvents;
import io.dataexport.export.mongo.MongoExportJobStore;
import io.dataexport.export.mongo.MongoJobOutbox;
import io.dataexport.export.mongo.StoredJobs;
import io.dataexport.kafka.KafkaTopicsProperties;
import io.dataexport.mongo.InMemoryMongo;
import io.dataexport.time.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.otel.bridge.OtelCurrentTraceContext;
import io.micrometer.tracing.otel.bridge.OtelPropagator;
import io.micrometer.tracing.otel.bridge.OtelTracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;

/**
 * The outbox keeps the trace of the write that queued each message and the relay publishes the
 * message in that trace: a real tracer (OpenTelemetry's SDK behind Micrometer Tracing, W3C
 * propagation), the job store on the in-memory MongoDB; the broker is a mock that records what it
 * was sent.
 */
class OutboxTraceContextTest {

  private static final KafkaTopicsProperties TOPICS =
      new KafkaTopicsProperties("requests", "audit", 1, (short) 1);
  private static final Duration CLAIM_AFTER = Duration.ofSeconds(5);

  @RegisterExtension static final InMemoryMongo mongo = new InMemoryMongo();

  private final List<SpanData> ended = new CopyOnWriteArrayList<>();
  private final List<ProducerRecord<String, String>> sent = new CopyOnWriteArrayList<>();
  private final MutableClock clock = new MutableClock(T0);
  private SdkTracerProvider spans;
  private Tracer tracer;
  private OutboxTracing tracing;
  private KafkaTemplate<String, String> kafka;
  private MongoDatabase database;

  @BeforeEach
  @SuppressWarnings("unchecked")
  void setUp() {
    spans =
        SdkTracerProvider.builder()
            .addSpanProcessor(SimpleSpanProcessor.create(new Recorder()))
            .build();
    OpenTelemetrySdk otel =
        OpenTelemetrySdk.builder()
            .setTracerProvider(spans)
            .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
            .build();
    io.opentelemetry.api.trace.Tracer otelTracer = otel.getTracer("test");
    tracer = new OtelTracer(otelTracer, new OtelCurrentTraceContext(), event -> {});
    tracing =
        new MicrometerOutboxTracing(tracer, new OtelPropagator(otel.getPropagators(), otelTracer));
    kafka = mock(KafkaTemplate.class);
    when(kafka.send(any(ProducerRecord.class)))
        .thenAnswer(
            call -> {
              ProducerRecord<String, String> record = call.getArgument(0);
              sent.add(record);
              return CompletableFuture.completedFuture(new SendResult<>(record, null));
            });
    database = mongo.freshDatabase();
  }

  @AfterEach
  void closeTracer() {
    spans.close();
  }

  @Test
  void aMessageWrittenDuringATracedCallIsPublishedLaterInThatTrace() {
    MongoExportJobStore store = store();
    ExportJob job = aPendingJob().build();
    Span call = tracer.nextSpan().name("CreateExport").start();
    try (Tracer.SpanInScope scope = tracer.withSpan(call)) {
      store.create(job, new CreateOptions(null, 5));
    } finally {
      call.end();
    }
    String callTraceparent =
        "00-" + call.context().traceId() + "-" + call.context().spanId() + "-01";

    assertThat(StoredJobs.outbox(database, job.uid()))
        .as("the job's stored events")
        .hasSize(2)
        .allSatisfy(m -> assertThat(m.traceparent()).isEqualTo(callTraceparent));

    relayDue();

    assertThat(sent).extracting(ProducerRecord::topic).containsExactly("audit", "requests");
    List<SpanData> publishes =
        ended.stream().filter(s -> s.getName().equals(MicrometerOutboxTracing.SPAN_NAME)).toList();
    assertThat(publishes).as("publish spans").hasSize(2);
    for (int i = 0; i < sent.size(); i++) {
      Traceparent header = Traceparent.parse(traceparentOf(sent.get(i))).orElseThrow();
      SpanData publish = publishes.get(i);
      assertThat(header.traceId()).as("trace of record %d", i).isEqualTo(call.context().traceId());
      assertThat(header.sampled()).isTrue();
      assertThat(publish.getParentSpanId())
          .as("the publish span continues the call's span")
          .isEqualTo(call.context().spanId());
      assertThat(header.spanId())
          .as("the record carries the publish span")
          .isEqualTo(publish.getSpanId());
    }
    assertThat(tracer.currentSpan()).as("span left in scope on the relay's thread").isNull();
    assertThat(StoredJobs.outbox(database, job.uid())).as("outbox after publishing").isEmpty();
  }

  @Test
  void aMessageWrittenOutsideAnyTraceIsPublishedWithoutATraceparent() {
    MongoExportJobStore store = store();
    ExportJob job = aPendingJob().build();

    store.create(job, new CreateOptions(null, 5));

    assertThat(StoredJobs.document(database, job.uid()).orElseThrow().toJson())
        .as("stored job")
        .doesNotContain("traceparent");
    relayDue();

    assertThat(sent).hasSize(2).allSatisfy(r -> assertThat(traceparentOf(r)).isNull());
    assertThat(ended).as("spans started by the relay").isEmpty();
    assertThat(StoredJobs.outbox(database, job.uid())).as("outbox after publishing").isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "garbage",
        "00-00000000000000000000000000000000-00f067aa0ba902b7-01",
        "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7"
      })
  void aDamagedStoredTraceparentIsIgnoredAndTheMessageStillPublished(String damaged) {
    Outbox outbox = mock(Outbox.class);
    OutboxMessage message =
        new OutboxMessage("m-1", OutboxTopic.EXPORT_REQUESTED, "ent/u", "{}", damaged);
    when(outbox.claimDue(any(), any(), any(Integer.class)))
        .thenReturn(List.of(new OutboxEntry("exp_1", List.of(message))));
    SimpleMeterRegistry meters = new SimpleMeterRegistry();

    relay(outbox, meters).relayDue();

    assertThat(sent).singleElement().satisfies(r -> assertThat(traceparentOf(r)).isNull());
    verify(outbox).remove(eq("exp_1"), eq(List.of("m-1")));
    assertThat(meters.get("dataexport.outbox.publish.failures").counter().count()).isZero();
    assertThat(ended).isEmpty();
  }

  @Test
  void outsideAnyTraceThereIsNoTraceparentToKeep() {
    assertThat(tracing.currentTraceparent()).isNull();
    assertThat(OutboxTracing.NONE.currentTraceparent()).isNull();
  }

  private MongoExportJobStore store() {
    MongoExportJobStore store =
        new MongoExportJobStore(
            database, new JobEvents("/dataexport/test", tracing), OutboxListener.NONE);
    store.createIndexes();
    return store;
  }

  /** Claims and publishes what was written, as a relay does once claim-after has passed. */
  private void relayDue() {
    clock.advance(CLAIM_AFTER.plusSeconds(1));
    relay(new MongoJobOutbox(database), new SimpleMeterRegistry()).relayDue();
    verify(kafka, org.mockito.Mockito.atLeastOnce()).send(any(ProducerRecord.class));
  }

  private OutboxRelay relay(Outbox outbox, SimpleMeterRegistry meters) {
    return new OutboxRelay(
        outbox,
        kafka,
        TOPICS,
        new OutboxProperties(Duration.ofSeconds(2), CLAIM_AFTER, Duration.ofSeconds(5)),
        clock,
        meters,
        tracing);
  }

  private static String traceparentOf(ProducerRecord<String, String> record) {
    Header header = record.headers().lastHeader("traceparent");
    return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }

  /** Keeps every span that ended. */
  private final class Recorder implements SpanExporter {
    @Override
    public CompletableResultCode export(Collection<SpanData> batch) {
      ended.addAll(batch);
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode flush() {
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
      return CompletableResultCode.ofSuccess();
    }
  }
}
