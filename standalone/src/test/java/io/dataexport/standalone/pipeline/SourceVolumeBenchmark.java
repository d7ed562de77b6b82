package io.dataexport.standalone.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import io.dataexport.api.v1.EnterpriseExportScope;
import io.dataexport.api.v1.ExportStatus;
import io.dataexport.demo.FileSink;
import io.dataexport.demo.GeneratedUser;
import io.dataexport.demo.GeneratorKnobs;
import io.dataexport.demo.SourceDataGenerator;
import io.dataexport.demo.UserContent;
import io.dataexport.export.ExportJobs;
import io.dataexport.export.mongo.StoredJobs;
import io.dataexport.standalone.DemoData;
import io.dataexport.standalone.EmbeddedStack;
import io.dataexport.standalone.StackSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded stack at volume (issue 7's target): with 50,000 sessions and 10,000 past exports in
 * the store, {@code enterprise.task.list} for a 3-session user answers in under 200 ms and a
 * 3-session export completes in under 2 s. {@code -Dvolume.source-indexes=false} runs it without
 * the source indexes, to compare:
 *
 * <pre>
 * ./mvnw -o -B -pl standalone -am verify -Pbenchmarks -Dtest=SourceVolumeBenchmark \
 *   -Dsurefire.failIfNoSpecifiedTests=false [-Dvolume.source-indexes=false]
 * </pre>
 */
@Tag("benchmark")
class SourceVolumeBenchmark {

  private static final int SESSIONS = 50_000;
  private static final int PAST_EXPORTS = 10_000;
  private static final int LISTS = 20;
  private static final int EXPORTS = 5;

  @TempDir Path data;

  @Test
  void taskListAndASmallExportStayFastBesideFiftyThousandSessionsAndTenThousandExports()
      throws Exception {
    boolean indexes = !"false".equals(System.getProperty("volume.source-indexes"));
    try (EmbeddedStack stack =
        EmbeddedStack.start(
            new StackSettings(
                data,
                0,
                0,
                0,
                0,
                Map.of("dataexport.mongodb.create-source-indexes", Boolean.toString(indexes))))) {
      var facts = stack.facts();
      String small;
      long seeding = System.nanoTime();
      try (MongoClient client = MongoClients.create(facts.mongodbUri())) {
        MongoDatabase db = client.getDatabase(facts.mongodbDatabase());
        // 500 users of 100 sessions each, in five enterprises, beside the demo data
        GeneratorKnobs knobs =
            new GeneratorKnobs(11, 5, 100, SESSIONS / 500, 2, 0, 0, 0, 10, 0, false, 0, 0, 0, 1);
        SourceDataGenerator generator =
            new SourceDataGenerator(db, FileSink.directory(data.resolve("source-files")), knobs);
        List<GeneratedUser> users = generator.generate().users();
        GeneratedUser user =
            generator.user(
                "volume/small",
                "Small User",
                false,
                List.of(
                    new GeneratedUser.Membership(
                        DemoData.ENTERPRISE_UID, "member", SourceDataGenerator.T0, null)));
        generator.content(user, new UserContent.Counts(3, 4, 1, 2048, 1, 1, 1, 1, 1, 1, true));
        small = user.userId();
        for (int i = 0; i < PAST_EXPORTS; i++) {
          GeneratedUser owner = i % 50 == 0 ? user : users.get(i % users.size());
          StoredJobs.put(
              db,
              ExportJobs.aPendingJob()
                  .uid("exp_" + UUID.randomUUID().toString().replace("-", ""))
                  .forEnterprise(owner.memberships().get(0).enterpriseUid())
                  .forUser(owner.userId())
                  .scope(EnterpriseExportScope.ENTERPRISE_EXPORT_SCOPE_FULL)
                  .createdAt(Instant.parse("2026-01-01T00:00:00Z").plusSeconds(i))
                  .status(ExportStatus.EXPORT_STATUS_FAILED)
                  .finishedAt(Instant.parse("2026-01-01T00:00:00Z").plusSeconds(i))
                  .failure("internal", "a past export")
                  .build());
        }
      }
      System.out.printf(
          "seeded %d sessions and %d past exports in %.1f s (source indexes %s)%n",
          SESSIONS, PAST_EXPORTS, (System.nanoTime() - seeding) / 1e9, indexes ? "on" : "off");

      Api api = new Api(facts.baseUrl(), facts.apiKey());
      List<Double> lists = new ArrayList<>();
      for (int i = 0; i < LISTS; i++) {
        long t = System.nanoTime();
        Api.Answer tasks = api.post("enterprise.task.list", Api.fields().put("user_id", small));
        lists.add((System.nanoTime() - t) / 1e6);
        assertThat(tasks.status()).isEqualTo(200);
        assertThat(tasks.body().get("tasks").size()).isEqualTo(3);
      }
      List<Double> exports = new ArrayList<>();
      for (int i = 0; i < EXPORTS; i++) {
        long t = System.nanoTime();
        String uid = api.create(small, "ENTERPRISE_EXPORT_SCOPE_TASKS_WITH_ATTACHMENTS").uid();
        await()
            .atMost(Duration.ofMinutes(2))
            .pollInterval(Duration.ofMillis(20))
            .until(() -> api.status(uid).equals("EXPORT_STATUS_COMPLETED"));
        exports.add((System.nanoTime() - t) / 1e6);
      }
      System.out.printf(
          "task.list ms: median %.0f, max %.0f (first %.0f); 3-session export ms: median %.0f,"
              + " max %.0f (first %.0f)%n",
          median(lists), max(lists), lists.get(0), median(exports), max(exports), exports.get(0));
    }
  }

  private static double median(List<Double> values) {
    List<Double> sorted = values.stream().sorted().toList();
    return sorted.get(sorted.size() / 2);
  }

  private static double max(List<Double> values) {
    return values.stream().mapToDouble(Double::doubleValue).max().orElse(0);
  }
}
