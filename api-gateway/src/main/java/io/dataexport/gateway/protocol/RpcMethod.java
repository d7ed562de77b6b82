package io.dataexport.gateway.protocol;

import com.google.protobuf.Message;
import io.dataexport.gateway.auth.Caller;

/**
 * One operation of the API, under its two names: the Connect method ({@code CreateExport}) and the
 * /v2 operation ({@code enterprise.export.create}).
 *
 * @param operation the audit trail's name for it ({@code export.create})
 * @param audit what the audit event says about the call's subject
 */
public record RpcMethod<Q extends Message, R extends Message>(
    String connectName,
    String v2Name,
    String operation,
    Q requestPrototype,
    Handler<Q, R> handler,
    AuditSubject<Q, R> audit) {

  @FunctionalInterface
  public interface Handler<Q, R> {
    R handle(Caller caller, Q request, CallContext context);
  }

  /** The export and user a call was about, and the reason given; {@code response} may be null. */
  @FunctionalInterface
  public interface AuditSubject<Q, R> {
    Subject of(Q request, R response);
  }

  /**
   * @param targetKeyId the API key a key-management call was about
   */
  public record Subject(String exportUid, String targetUserId, String reason, String targetKeyId) {

    public Subject(String exportUid, String targetUserId, String reason) {
      this(exportUid, targetUserId, reason, null);
    }

    /** A call about one API key. */
    public static Subject ofKey(String keyId) {
      return new Subject(null, null, null, keyId == null || keyId.isEmpty() ? null : keyId);
    }
  }
}
