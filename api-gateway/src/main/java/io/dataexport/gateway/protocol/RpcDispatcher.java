package io.dataexport.gateway.protocol;

import com.google.protobuf.Message;
import com.mongodb.MongoSocketException;
import com.mongodb.MongoTimeoutException;
import io.dataexport.audit.AuditPublisher;
import io.dataexport.event.AuditEvent;
import io.dataexport.gateway.api.ApiException;
import io.dataexport.gateway.api.ErrorCode;
import io.dataexport.gateway.auth.ApiKeyAuthenticator;
import io.dataexport.gateway.auth.Caller;
import io.dataexport.gateway.protocol.RpcMethod.Subject;
import io.dataexport.logging.LogFields;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Runs one call the same way for both protocols: authenticate, decode, handle, audit. Every outcome
 * — success, refusal, failure — leaves exactly one audit event.
 */
public class RpcDispatcher {

  private static final Logger log = LoggerFactory.getLogger(RpcDispatcher.class);

  private final ApiKeyAuthenticator authenticator;
  private final AuditPublisher audit;
  private final MeterRegistry meters;

  public RpcDispatcher(
      ApiKeyAuthenticator authenticator, AuditPublisher audit, MeterRegistry meters) {
    this.authenticator = authenticator;
    this.audit = audit;
    this.meters = meters;
  }

  /**
   * @param decode turns the body into the method's request message, given its prototype; throws
   *     {@link ApiException} for a body it cannot read
   */
  public <Q extends Message, R extends Message> R call(
      RpcMethod<Q, R> method, CallContext context, Function<Q, Q> decode) {
    Caller caller = null;
    Q request = null;
    try {
      caller = authenticator.authenticate(context.apiKey(), context.clientAddress());
      MDC.put(LogFields.ENTERPRISE_UID, caller.enterpriseUid());
      request = decode.apply(method.requestPrototype());
      R response = method.handler().handle(caller, request, context);
      Subject subject = method.audit().of(request, response);
      if (subject.exportUid() != null && !subject.exportUid().isEmpty()) {
        MDC.put(LogFields.EXPORT_UID, subject.exportUid());
      }
      record(method, context, caller, subject, "succeeded", null);
      // one line per call, with its request id, enterprise, export and trace: where an
      // operator following an export by trace id starts
      log.info("{} succeeded", method.operation());
      return response;
    } catch (ApiException e) {
      record(method, context, caller, subjectOf(method, request), "refused", e.code());
      log.info("{} refused: {} {}", method.operation(), e.code().wireName(), e.getMessage());
      throw e;
    } catch (MongoTimeoutException | MongoSocketException e) {
      // The job store is out of reach: nothing was decided, the client should retry.
      record(method, context, caller, subjectOf(method, request), "failed", ErrorCode.UNAVAILABLE);
      log.error("{} failed: job store unreachable", method.operation(), e);
      throw new ApiException(
          ErrorCode.UNAVAILABLE, "the export service is unavailable for a moment; try again");
    } catch (RuntimeException e) {
      record(method, context, caller, subjectOf(method, request), "failed", ErrorCode.INTERNAL);
      log.error("{} failed", method.operation(), e);
      throw new ApiException(
          ErrorCode.INTERNAL,
          "internal error; quote request id " + context.requestId() + " when reporting it");
    } finally {
      MDC.remove(LogFields.ENTERPRISE_UID);
      MDC.remove(LogFields.EXPORT_UID);
    }
  }

  /** What the audit says the call was about; the request may not have been decoded. */
  private static <Q extends Message, R extends Message> Subject subjectOf(
      RpcMethod<Q, R> method, Q request) {
    return request == null ? new Subject(null, null, null) : method.audit().of(request, null);
  }

  private void record(
      RpcMethod<?, ?> method,
      CallContext context,
      Caller caller,
      Subject subject,
      String outcome,
      ErrorCode error) {
    Counter.builder("dataexport.api.requests")
        .description("API calls of both protocols, by operation and answer code")
        .tag("method", method.operation())
        .tag("code", error == null ? "ok" : error.wireName())
        .register(meters)
        .increment();
    audit.publish(
        new AuditEvent.Data(
            1,
            method.operation(),
            outcome,
            error == null ? null : error.wireName(),
            caller == null ? null : caller.enterpriseUid(),
            caller == null ? null : caller.keyId(),
            caller == null ? null : caller.role().name(),
            context.clientAddress(),
            emptyToNull(subject.exportUid()),
            emptyToNull(subject.targetUserId()),
            subject.reason(),
            context.requestId()));
  }

  private static String emptyToNull(String value) {
    return value == null || value.isEmpty() ? null : value;
  }
}
