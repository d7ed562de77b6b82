package io.dataexport.worker.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.junit.jupiter.api.Test;

class SecretFieldsTest {

  @Test
  void secretNamesAreRecognisedWhateverTheirCaseOrSeparators() {
    assertThat(
            List.of(
                "token",
                "access_token",
                "refreshToken",
                "X-Api-Key",
                "api_key",
                "APIKEY",
                "password",
                "password_hash",
                "passwordHash",
                "client_secret",
                "credentials",
                "credential",
                "private_key",
                "privateKey",
                "cookie",
                "set-cookie",
                "Authorization",
                "totp_secret"))
        .allMatch(SecretFields::isSecret);
    assertThat(List.of("title", "text", "email", "name", "keys", "theme", "created_at", "events"))
        .noneMatch(SecretFields::isSecret);
  }

  @Test
  void secretsAreRemovedAtEveryDepthInsideDocumentsAndArrays() {
    Document record =
        new Document("title", "t")
            .append("api_key", "x")
            .append(
                "settings",
                new Document("theme", "dark")
                    .append("nested", new Document("Private-Key", "x").append("ok", 1)))
            .append(
                "events",
                List.of(
                    new Document("text", "hi").append("cookie", "x"),
                    List.of(new Document("password", "x").append("n", 2)),
                    "plain"))
            .append("map", Map.of("refresh_token", "x", "kept", "y"));

    Document clean = SecretFields.scrub(record);

    assertThat(clean.toJson()).doesNotContain("\"x\"");
    assertThat(clean.get("settings", Document.class).get("nested", Document.class))
        .containsOnlyKeys("ok");
    assertThat(clean.getList("events", Object.class)).hasSize(3);
    assertThat(clean.get("map", Document.class)).containsOnlyKeys("kept");
  }
}
