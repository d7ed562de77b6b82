package io.dataexport.worker.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.Test;

class FieldAllowListTest {

  private final FieldAllowList allowed =
      FieldAllowList.of("_id", "events.type", "events.text", "settings.theme", "tags");

  @Test
  void onlyListedFieldsLeaveAtEveryDepthAndInsideArrays() {
    Document record =
        new Document("_id", "s1")
            .append("internal", "no")
            .append(
                "events",
                List.of(
                    new Document("type", "user_message")
                        .append("text", "hi")
                        .append("debug", new Document("trace", "no"))))
            .append("settings", new Document("theme", "dark").append("webhook", "no"))
            .append("tags", List.of("a", "b"));

    Document kept = allowed.filter(record);

    assertThat(kept.toJson()).doesNotContain("no");
    assertThat(kept.getList("events", Document.class).get(0)).containsOnlyKeys("type", "text");
    assertThat(kept.get("settings", Document.class)).containsOnlyKeys("theme");
    assertThat(kept.getList("tags", String.class)).containsExactly("a", "b");
  }

  @Test
  void aScalarWhereNestedFieldsAreExpectedDoesNotLeave() {
    Document kept = allowed.filter(new Document("settings", "raw").append("events", List.of("x")));

    assertThat(kept.get("settings")).isNull();
    assertThat(kept.getList("events", Object.class)).isEmpty();
  }

  @Test
  void theProjectionReadsTopLevelFieldsOnly() {
    assertThat(allowed.topLevel()).containsExactly("_id", "events", "settings", "tags");
  }
}
