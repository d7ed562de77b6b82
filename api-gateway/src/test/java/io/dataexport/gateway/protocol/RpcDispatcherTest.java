package io.dataexport.gateway.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import com.mongodb.MongoTimeoutException;
import io.dataexport.api.v1.ExportRecord;
import io.dataexport.api.v1.GetExportRequest;
import io.dataexport.api.v1.GetExportResponse;
import io.dataexport.audit.AuditPublisher;
import io.dataexport.audit.AuditUnavailableException;
import io.dataexport.event.AuditEvent;
import io.dataexport.gateway.api.ApiException;
import io.dataexport.gateway.api.ErrorCode;
import io.dataexport.gateway.auth.ApiKeyAuthenticator;
import io.dataexport.gateway.auth.ApiKeyStore;
import io.dataexport.gateway.auth.Role;
import io.dataexport.gateway.limit.RateLimitProperties;
import io.dataexport.gateway.limit.RateLimitProperties.Rate;
import io.dataexport.gateway.limit.RequestRateLimiter;
import io.dataexport.gateway.protocol.RpcMethod.Handler;
import io.dataexport.gateway.protocol.RpcMethod.Subject;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every outcome of a call leaves exactly one audit event and the right error for the client. */
class RpcDispatcherTest {

  private static final String KEY = "dex_abcdefghijkl_" + "A".repeat(40);
  private static final CallContext CONTEXT = new CallContext(KEY, "10.0.0.7", "req_42");
  private static final GetExportRequest REQUEST =
      GetExportRequest.newBuilder().setUid("exp_1").build();

  private final List<AuditEvent.Data> audited = new ArrayList<>();
  private ApiKeyStore keys;
  private RpcDispatcher dispatcher;

  @BeforeEach
  void setUp() {
    keys = mock(ApiKeyStore.class);
    when(keys.verify(eq(KEY), any()))
        .thenReturn(Optional.of(new ApiKeyStore.Grant("abcdefghijkl", "ent_1", Role.ADMIN)));
    dispatcher = dispatcher(new RateLimitProperties(false, null, null, null), audited::add);
  }

  private RpcDispatcher dispatcher(RateLimitProperties limits, AuditPublisher audit) {
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    return new RpcDispatcher(
        new ApiKeyAuthenticator(keys, Clock.systemUTC()),
        new RequestRateLimiter(limits, meters),
        audit,
        meters);
  }

  private static RpcMethod<GetExportRequest, GetExportResponse> method(
      Handler<GetExportRequest, GetExportResponse> handler) {
    return new RpcMethod<>(
        "GetExport",
        "enterprise.export.detail",
        "export.detail",
        GetExportRequest.getDefaultInstance(),
        handler,
        (request, response) ->
            new Subject(request.getUid(), response == null ? null : "usr_1", null));
  }

  @Test
  void aSuccessIsAuditedWithWhoWhatAndTheRequestId() {
    GetExportResponse answer =
        GetExportResponse.newBuilder().setRecord(ExportRecord.newBuilder().setUid("exp_1")).build();

    GetExportResponse response =
        dispatcher.call(
            method((caller, request, context) -> answer), CONTEXT, prototype -> REQUEST);

    assertThat(response).isEqualTo(answer);
    AuditEvent.Data event = audited.get(0);
    assertThat(audited).hasSize(1);
    assertThat(event.outcome()).isEqualTo("succeeded");
    assertThat(event.enterpriseUid()).isEqualTo("ent_1");
    assertThat(event.actorKeyId()).isEqualTo("abcdefghijkl");
    assertThat(event.clientAddress()).isEqualTo("10.0.0.7");
    assertThat(event.exportUid()).isEqualTo("exp_1");
    assertThat(event.targetUserId()).isEqualTo("usr_1");
    assertThat(event.requestId()).isEqualTo("req_42");
    assertThat(event.toString()).doesNotContain(KEY);
  }

  @Test
  void theHandlerGetsTheCallsContextWithItsIdempotencyKey() {
    CallContext keyed = new CallContext(KEY, "10.0.0.7", "req_44", "retry-7f3a");
    List<CallContext> seen = new ArrayList<>();

    dispatcher.call(
        method(
            (caller, request, context) -> {
              seen.add(context);
              return GetExportResponse.getDefaultInstance();
            }),
        keyed,
        prototype -> REQUEST);

    assertThat(seen).containsExactly(keyed);
    assertThat(seen.get(0).idempotencyKey()).isEqualTo("retry-7f3a");
  }

  @Test
  void aRefusalIsAuditedWithItsCodeAndReachesTheClientUnchanged() {
    ApiException refusal = ApiException.invalid("uid", "is required");

    assertThatThrownBy(
            () ->
                dispatcher.call(
                    method(
                        (caller, request, context) -> {
                          throw refusal;
                        }),
                    CONTEXT,
                    prototype -> REQUEST))
        .isSameAs(refusal);
    assertThat(audited)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.outcome()).isEqualTo("refused");
              assertThat(e.errorCode()).isEqualTo("invalid_argument");
            });
  }

  @Test
  void anUnknownKeyIsRefusedBeforeTheBodyIsRead() {
    CallContext stranger =
        new CallContext("dex_zzzzzzzzzzzz_" + "B".repeat(40), "10.0.0.8", "req_43");

    assertThatThrownBy(
            () ->
                dispatcher.call(
                    method((caller, request, context) -> null),
                    stranger,
                    prototype -> {
                      throw new AssertionError("body read before authentication");
                    }))
        .isInstanceOfSatisfying(
            ApiException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAUTHENTICATED));
    assertThat(audited)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.errorCode()).isEqualTo("unauthenticated");
              assertThat(e.enterpriseUid()).isNull();
            });
  }

  @Test
  void anUnreachableJobStoreIsUnavailableNotAnInternalError() {
    assertThatThrownBy(
            () ->
                dispatcher.call(
                    method(
                        (caller, request, context) -> {
                          throw new MongoTimeoutException("no server");
                        }),
                    CONTEXT,
                    prototype -> REQUEST))
        .isInstanceOfSatisfying(
            ApiException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE));
    assertThat(audited).singleElement().satisfies(e -> assertThat(e.outcome()).isEqualTo("failed"));
  }

  @Test
  void anUnexpectedFailureIsInternalAndNamesTheRequestIdButNotTheCause() {
    assertThatThrownBy(
            () ->
                dispatcher.call(
                    method(
                        (caller, request, context) -> {
                          throw new IllegalStateException("secret detail");
                        }),
                    CONTEXT,
                    prototype -> REQUEST))
        .isInstanceOfSatisfying(
            ApiException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INTERNAL))
        .hasMessageContaining("req_42")
        .hasMessageNotContaining("secret detail");
    assertThat(audited)
        .singleElement()
        .satisfies(e -> assertThat(e.errorCode()).isEqualTo("internal"));
  }

  @Test
  void aCallWhoseAuditEventTheTrailRefusesIsUnavailableAndItsAnswerIsWithheld() {
    RpcDispatcher failClosed =
        dispatcher(
            new RateLimitProperties(false, null, null, null),
            event -> {
              throw new AuditUnavailableException("broker down", null);
            });
    List<String> handled = new ArrayList<>();

    assertThatThrownBy(
            () ->
                failClosed.call(
                    method(
                        (caller, request, context) -> {
                          handled.add(request.getUid());
                          return GetExportResponse.getDefaultInstance();
                        }),
                    CONTEXT,
                    prototype -> REQUEST))
        .isInstanceOfSatisfying(
            ApiException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE))
        .hasMessageContaining("audit trail");
    assertThat(handled).containsExactly("exp_1");
  }

  @Test
  void aKeyOverItsBurstIsRefusedWithTheTimeUntilItMayCallAgain() {
    RpcDispatcher limited =
        dispatcher(new RateLimitProperties(true, new Rate(0.5, 3L), null, null), audited::add);
    RpcMethod<GetExportRequest, GetExportResponse> detail =
        method((caller, request, context) -> GetExportResponse.getDefaultInstance());

    for (int i = 0; i < 3; i++) {
      limited.call(detail, CONTEXT, prototype -> REQUEST);
    }

    assertThatThrownBy(() -> limited.call(detail, CONTEXT, prototype -> REQUEST))
        .isInstanceOfSatisfying(
            ApiException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.RESOURCE_EXHAUSTED);
              // one token every 2 s: the next is at most 2 s away
              assertThat(e.retryAfter())
                  .hasValueSatisfying(wait -> assertThat(wait.toSeconds()).isBetween(1L, 2L));
              assertThat(e.headers().getFirst("Retry-After"))
                  .isEqualTo(Long.toString(e.retryAfter().get().toSeconds()));
            });
    assertThat(audited)
        .last()
        .satisfies(e -> assertThat(e.errorCode()).isEqualTo("resource_exhausted"));
  }

  @Test
  void anEnterpriseRateReplacesTheDefaultForItsKeys() {
    RpcDispatcher limited =
        dispatcher(
            new RateLimitProperties(
                true, new Rate(0.5, 1L), null, java.util.Map.of("ent_1", new Rate(0.5, 4L))),
            audited::add);
    RpcMethod<GetExportRequest, GetExportResponse> detail =
        method((caller, request, context) -> GetExportResponse.getDefaultInstance());

    for (int i = 0; i < 4; i++) {
      limited.call(detail, CONTEXT, prototype -> REQUEST);
    }

    assertThatThrownBy(() -> limited.call(detail, CONTEXT, prototype -> REQUEST))
        .isInstanceOfSatisfying(
            ApiException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.RESOURCE_EXHAUSTED));
  }

  @Test
  void anAddressThatSentTooManyBadKeysIsRefusedEvenWithAGoodOne() {
    RpcDispatcher limited =
        dispatcher(new RateLimitProperties(true, null, new Rate(0.5, 2L), null), audited::add);
    RpcMethod<GetExportRequest, GetExportResponse> detail =
        method((caller, request, context) -> GetExportResponse.getDefaultInstance());
    CallContext guesser =
        new CallContext("dex_zzzzzzzzzzzz_" + "B".repeat(40), "10.0.0.9", "req_1");
    for (int i = 0; i < 2; i++) {
      assertThatThrownBy(() -> limited.call(detail, guesser, prototype -> REQUEST))
          .isInstanceOfSatisfying(
              ApiException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAUTHENTICATED));
    }

    CallContext rightKeySameAddress = new CallContext(KEY, "10.0.0.9", "req_2");
    assertThatThrownBy(() -> limited.call(detail, rightKeySameAddress, prototype -> REQUEST))
        .isInstanceOfSatisfying(
            ApiException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.RESOURCE_EXHAUSTED);
              assertThat(e.retryAfter()).isPresent();
            });
    // another address with the right key is not affected
    assertThat(limited.call(detail, CONTEXT, prototype -> REQUEST)).isNotNull();
  }
}
