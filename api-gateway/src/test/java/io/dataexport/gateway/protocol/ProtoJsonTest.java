package io.dataexport.gateway.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataexport.api.v1.CreateExportRequest;
import io.dataexport.api.v1.EnterpriseExportScope;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ProtoJsonTest {

  private static CreateExportRequest read(String json) {
    return ProtoJson.read(
        json.getBytes(StandardCharsets.UTF_8), CreateExportRequest.getDefaultInstance());
  }

  @Test
  void snakeCaseAndCamelCaseNamesAreBothRead() {
    CreateExportRequest snake =
        read(
            "{\"user_id\":\"u\",\"scope\":\"ENTERPRISE_EXPORT_SCOPE_TASKS\",\"include_files\":false}");
    CreateExportRequest camel =
        read(
            "{\"userId\":\"u\",\"scope\":\"ENTERPRISE_EXPORT_SCOPE_TASKS\",\"includeFiles\":false}");
    assertThat(snake).isEqualTo(camel);
    assertThat(snake.getScope()).isEqualTo(EnterpriseExportScope.ENTERPRISE_EXPORT_SCOPE_TASKS);
    assertThat(snake.hasIncludeFiles()).isTrue();
  }

  @Test
  void anEmptyBodyIsAnEmptyRequest() {
    assertThat(read("")).isEqualTo(CreateExportRequest.getDefaultInstance());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"usr_id\":\"u\"}|usr_id: unknown field",
        "{\"include_files\":\"yes\"}|include_files: must be true or false",
        "{\"session_ids\":\"abc\"}|session_ids: must be an array",
        "{\"session_ids\":[1]}|session_ids[0]: must be a string",
        "{\"scope\":\"ENTERPRISE_EXPORT_SCOPE_BOGUS\"}|scope: must be one of ENTERPRISE_EXPORT_SCOPE_FULL",
        "{\"scope\":3}|scope: must be one of",
        "{\"start_time\":\"yesterday\"}|start_time: must be an RFC 3339 date-time",
        "{\"start_time\":12}|start_time: must be an RFC 3339 date-time string",
        "[1,2]|request body must be a JSON object",
        "{\"user_id\":|request body is not valid JSON"
      })
  void refusesWithTheFieldAndTheRule(String body, String message) {
    assertThatThrownBy(() -> read(body)).hasMessageStartingWith(message);
  }
}
