package io.dataexport.standalone;

import static io.dataexport.standalone.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dataexport.api.v1.ExportStatus;
import io.dataexport.standalone.ApiClient.Answer;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded stack keeps what it accepted: an export still waiting when the stack stops runs
 * after the next start from the same data directory — its request is still in the broker's log, not
 * re-sent by a sweep minutes later.
 */
class StackRestartTest {

  @TempDir Path data;

  @Test
  void anExportWaitingAtAStopCompletesAfterTheNextStart() throws IOException {
    String grace = DemoData.GRACE.userId();
    String uid;
    String blocker;
    try (EmbeddedStack stack = EmbeddedStack.start(new StackSettings(data, 0, 0, 0, 0))) {
      // Grace's export cannot start while the blocker holds her one slot: it stays PENDING
      blocker = StoredJobs.insertProcessing(stack.facts(), DemoData.ENTERPRISE_UID, grace);
      ApiClient api = new ApiClient(stack.facts().baseUrl(), stack.facts().apiKey());
      Answer created =
          api.post(
              "enterprise.export.create",
              json("user_id", grace, "scope", "ENTERPRISE_EXPORT_SCOPE_TASKS"));
      assertThat(created.status()).isEqualTo(200);
      uid = created.body().get("uid").asString();
      assertThat(StoredJobs.statusOf(stack.facts(), uid))
          .isEqualTo(ExportStatus.EXPORT_STATUS_PENDING);
    }

    try (EmbeddedStack stack = EmbeddedStack.start(new StackSettings(data, 0, 0, 0, 0))) {
      StoredJobs.release(stack.facts(), blocker);

      await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(200))
          .until(
              () -> StoredJobs.statusOf(stack.facts(), uid),
              status -> status == ExportStatus.EXPORT_STATUS_COMPLETED);
    }
  }
}
