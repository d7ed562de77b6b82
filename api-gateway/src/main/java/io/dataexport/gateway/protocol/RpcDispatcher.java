package io.dataexport.gateway.protocol;

import com.google.protobuf.Message;
import com.mongodb.MongoSocketException;
import com.mongodb.MongoTimeoutException;
import io.dataexport.audit.AuditPublisher;
import io.dataexport.audit.AuditUnavailableException;
import io.dataexport.event.AuditEvent;
import io.dataexport.gateway.api.ApiException;
import io.dataexport.gateway.api.ErrorCode;
import io.dataexport.gateway.auth.ApiKeyAuthenticator;
import io.dataexport.gateway.auth.Caller;
import io.dataexport.gateway.limit.RequestRateLimiter;
import io.dataexport.gateway.protocol.RpcMethod.Subject;
import io.dataexport.logging.LogFields;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Runs one call the same way for both protocols: limit, authenticate, decode, handle, audit. Every
 * outcome — success, refusal, failure — leaves exactly one audit event, and no answer leaves
 * without its event on the trail: when the trail cannot take it, the call is refused with {@code
 * unavailable} instead (fail-closed).
 */
public class RpcDispatcher {

  private static final Logger log = LoggerFactory.getLogger(RpcDispatcher.class);

  private final ApiKeyAuthenticator authenticator;
  private final RequestRateLimiter limiter;
  private final AuditPublisher audit;
  private final MeterRegistry meters;

  public RpcDispatcher(
      ApiKeyAuthenticator authenticator,
      RequestRateLimiter limiter,
      AuditPublisher audit,
      MeterRegistry meters) {
    this.authenticator = authenticator;
    this.limiter = limiter;
    this.audit = audit;
    this.meters = meters;
  }

  /**
   * @param decode turns the body into the method's request message, given its prototype; throws
   *     {@link ApiException} for a body it cannot read
   */
  public <Q extends Message, R extends Message> R call(
      RpcMethod<Q, R> method, CallContext context, Function<Q, Q> decode) {
    try {
      Outcome<R> outcome = run(method, context, decode);
      try {
        record(method, context, outcome);
      } catch (AuditUnavailableException e) {
        countCall(method, ErrorCode.UNAVAILABLE);
        throw new ApiException(
            ErrorCode.UNAVAILABLE,
            "the audit trail is unavailable, so the call was not answered; try again");
      }
      if (outcome.error() != null) {
        countCall(method, outcome.error().code());
        throw outcome.error();
      }
      countCall(method, null);
      // one line per call, with its request id, enterprise, export and trace: where an operator
      // following an export by trace id starts
      log.info("{} succeeded", method.operation());
      return outcome.response();
    } finally {
      MDC.remove(LogFields.ENTERPRISE_UID);
      MDC.remove(LogFields.EXPORT_UID);
    }
  }

  private <Q extends Message, R extends Message> Outcome<R> run(
      RpcMethod<Q, R> method, CallContext context, Function<Q, Q> decode) {
    Caller caller = null;
    Q request = null;
    try {
      caller = authenticate(context);
      MDC.put(LogFields.ENTERPRISE_UID, caller.enterpriseUid());
      limiter.admitCall(caller);
      request = decode.apply(method.requestPrototype());
      R response = method.handler().handle(caller, request, context);
      Subject subject = method.audit().of(request, response);
      if (subject.exportUid() != null && !subject.exportUid().isEmpty()) {
        MDC.put(LogFields.EXPORT_UID, subject.exportUid());
      }
      return Outcome.succeeded(caller, subject, response);
    } catch (ApiException e) {
      log.info("{} refused: {} {}", method.operation(), e.code().wireName(), e.getMessage());
      return Outcome.refused(caller, subjectOf(method, request), e);
    } catch (MongoTimeoutException | MongoSocketException e) {
      // The job store is out of reach: nothing was decided, the client should retry.
      log.error("{} failed: job store unreachable", method.operation(), e);
      return Outcome.failed(
          caller,
          subjectOf(method, request),
          new ApiException(
              ErrorCode.UNAVAILABLE, "the export service is unavailable for a moment; try again"));
    } catch (RuntimeException e) {
      log.error("{} failed", method.operation(), e);
      return Outcome.failed(
          caller,
          subjectOf(method, request),
          new ApiException(
              ErrorCode.INTERNAL,
              "internal error; quote request id " + context.requestId() + " when reporting it"));
    }
  }

  /** An address that keeps presenting bad keys is refused before its key is even looked at. */
  private Caller authenticate(CallContext context) {
    limiter.checkSignInsLeft(context.clientAddress());
    try {
      return authenticator.authenticate(context.apiKey(), context.clientAddress());
    } catch (ApiException e) {
      limiter.chargeFailedSignIn(context.clientAddress());
      throw e;
    }
  }

  /** What a call came to: the response, or the error its caller gets. */
  private record Outcome<R>(
      Caller caller, Subject subject, R response, ApiException error, String auditOutcome) {

    static <R> Outcome<R> succeeded(Caller caller, Subject subject, R response) {
      return new Outcome<>(caller, subject, response, null, "succeeded");
    }

    /** The call was refused (bad request, not allowed, over a limit). */
    static <R> Outcome<R> refused(Caller caller, Subject subject, ApiException error) {
      return new Outcome<>(caller, subject, null, error, "refused");
    }

    /** The service could not serve a call it should have. */
    static <R> Outcome<R> failed(Caller caller, Subject subject, ApiException error) {
      return new Outcome<>(caller, subject, null, error, "failed");
    }
  }

  /** What the audit says the call was about; the request may not have been decoded. */
  private static <Q extends Message, R extends Message> Subject subjectOf(
      RpcMethod<Q, R> method, Q request) {
    return request == null ? new Subject(null, null, null) : method.audit().of(request, null);
  }

  private void countCall(RpcMethod<?, ?> method, ErrorCode error) {
    Counter.builder("dataexport.api.requests")
        .description("API calls of both protocols, by operation and answer code")
        .tag("method", method.operation())
        .tag("code", error == null ? "ok" : error.wireName())
        .register(meters)
        .increment();
  }

  private void record(RpcMethod<?, ?> method, CallContext context, Outcome<?> outcome) {
    Caller caller = outcome.caller();
    Subject subject = outcome.subject();
    audit.publish(
        new AuditEvent.Data(
            1,
            method.operation(),
            outcome.auditOutcome(),
            outcome.error() == null ? null : outcome.error().code().wireName(),
            caller == null ? null : caller.enterpriseUid(),
            caller == null ? null : caller.keyId(),
            caller == null ? null : caller.role().name(),
            context.clientAddress(),
            emptyToNull(subject.exportUid()),
            emptyToNull(subject.targetUserId()),
            subject.reason(),
            context.requestId(),
            null,
            subject.targetKeyId(),
            null,
            null,
            null));
  }

  private static String emptyToNull(String value) {
    return value == null || value.isEmpty() ? null : value;
  }
}
