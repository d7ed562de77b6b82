package io.dataexport.logging;

import java.util.Map;
import org.slf4j.MDC;

/** Carries the diagnostic context of log lines (MDC) to work that runs on another thread. */
public final class LogContext {

  private LogContext() {}

  /**
   * {@code task}, running with the MDC the current thread has now (request id, export uid, trace id
   * …), and leaving the running thread's own as it found it.
   */
  public static Runnable carriedInto(Runnable task) {
    Map<String, String> captured = MDC.getCopyOfContextMap();
    return () -> {
      Map<String, String> before = MDC.getCopyOfContextMap();
      if (captured == null) {
        MDC.clear();
      } else {
        MDC.setContextMap(captured);
      }
      try {
        task.run();
      } finally {
        if (before == null) {
          MDC.clear();
        } else {
          MDC.setContextMap(before);
        }
      }
    };
  }
}
