package io.dataexport.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

class LogContextTest {

  private final ExecutorService other = Executors.newSingleThreadExecutor();

  @AfterEach
  void stop() {
    other.shutdownNow();
    MDC.clear();
  }

  @Test
  void aTaskRunsOnAnotherThreadWithTheContextOfTheThreadThatMadeIt() throws Exception {
    other.submit(() -> MDC.put("left", "by an earlier task")).get(5, TimeUnit.SECONDS);
    MDC.put(LogFields.EXPORT_UID, "exp_1");
    MDC.put(LogFields.ENTERPRISE_UID, "ent_1");
    AtomicReference<Map<String, String>> seen = new AtomicReference<>();

    Runnable task = LogContext.carriedInto(() -> seen.set(MDC.getCopyOfContextMap()));
    MDC.put(LogFields.EXPORT_UID, "exp_changed_later");
    other.submit(task).get(5, TimeUnit.SECONDS);

    assertThat(seen.get())
        .as("the task's context: as it was when the task was made")
        .isEqualTo(Map.of(LogFields.EXPORT_UID, "exp_1", LogFields.ENTERPRISE_UID, "ent_1"));
    assertThat(other.submit(MDC::getCopyOfContextMap).get(5, TimeUnit.SECONDS))
        .as("the running thread's own context afterwards")
        .isEqualTo(Map.of("left", "by an earlier task"));
  }
}
