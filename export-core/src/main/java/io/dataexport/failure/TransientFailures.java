package io.dataexport.failure;

import com.google.cloud.BaseServiceException;
import com.mongodb.MongoException;
import com.mongodb.MongoNodeIsRecoveringException;
import com.mongodb.MongoNotPrimaryException;
import com.mongodb.MongoSocketException;
import com.mongodb.MongoTimeoutException;
import java.io.InterruptedIOException;
import java.net.SocketException;
import org.apache.kafka.common.errors.RetriableException;

/**
 * Tells a passing failure — a broker, database or storage service out of reach for a while — from
 * one that will happen again however often it is tried. Passing failures are retried with backoff;
 * any other failure ends the export. Looks through the whole cause chain, since the clients wrap.
 */
public final class TransientFailures {

  private TransientFailures() {}

  public static boolean isTransient(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (isTransientItself(t)) {
        return true;
      }
    }
    return false;
  }

  private static boolean isTransientItself(Throwable t) {
    return t instanceof MongoSocketException
        || t instanceof MongoTimeoutException
        || t instanceof MongoNotPrimaryException
        || t instanceof MongoNodeIsRecoveringException
        || (t instanceof MongoException mongo
            && mongo.hasErrorLabel(MongoException.TRANSIENT_TRANSACTION_ERROR_LABEL))
        || t instanceof RetriableException
        || (t instanceof BaseServiceException storage && storage.isRetryable())
        || t instanceof SocketException
        || t instanceof InterruptedIOException;
  }
}
