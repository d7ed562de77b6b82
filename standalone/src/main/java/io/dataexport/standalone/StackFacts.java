package io.dataexport.standalone;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a script or a downstream consumer needs to use the running embedded stack, written as JSON
 * to {@value #FILE_NAME} in the data directory. It holds the demo API key: the file is a local
 * development artifact, like a .env file, and stays in the (git-ignored) data directory.
 */
public record StackFacts(
    @JsonProperty("base_url") String baseUrl,
    Management management,
    @JsonProperty("api_key") String apiKey,
    @JsonProperty("enterprise_uid") String enterpriseUid,
    List<User> users,
    @JsonProperty("kafka_bootstrap_servers") String kafkaBootstrapServers,
    Topics topics,
    @JsonProperty("mongodb_uri") String mongodbUri,
    @JsonProperty("mongodb_database") String mongodbDatabase) {

  public static final String FILE_NAME = "standalone.json";
  private static final JsonMapper JSON =
      JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

  public record User(
      @JsonProperty("user_id") String userId, String email, String name, boolean deleted) {}

  /** Where each service answers health ({@code /actuator/health}) and metrics. */
  public record Management(String gateway, String worker) {}

  public record Topics(@JsonProperty("export_requested") String exportRequested, String audit) {}

  static StackFacts of(
      String baseUrl,
      Management management,
      String apiKey,
      String kafka,
      String mongodbUri,
      String mongodbDatabase) {
    List<User> users =
        Stream.of(DemoData.ADA, DemoData.GRACE, DemoData.LINUS)
            .map(u -> new User(u.userId(), u.email(), u.name(), u.deleted()))
            .toList();
    return new StackFacts(
        baseUrl,
        management,
        apiKey,
        DemoData.ENTERPRISE_UID,
        users,
        kafka,
        new Topics(io.dataexport.event.Topics.EXPORT_REQUESTED, io.dataexport.event.Topics.AUDIT),
        mongodbUri,
        mongodbDatabase);
  }

  void write(Path file) throws IOException {
    Files.writeString(file, JSON.writeValueAsString(this));
  }

  static StackFacts read(Path file) throws IOException {
    return JSON.readValue(Files.readString(file), StackFacts.class);
  }
}
