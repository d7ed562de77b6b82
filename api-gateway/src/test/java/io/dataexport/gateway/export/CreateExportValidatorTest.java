package io.dataexport.gateway.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Timestamp;
import io.dataexport.api.v1.CreateExportRequest;
import io.dataexport.api.v1.EnterpriseExportScope;
import io.dataexport.export.ExportJob.ExportFilters;
import io.dataexport.gateway.api.ApiException;
import io.dataexport.gateway.api.ErrorCode;
import java.time.Instant;
import java.util.Collections;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CreateExportValidatorTest {

  private static CreateExportRequest.Builder full() {
    return CreateExportRequest.newBuilder()
        .setUserId("123e4567-e89b-12d3-a456-426614174000")
        .setScope(EnterpriseExportScope.ENTERPRISE_EXPORT_SCOPE_FULL);
  }

  static Stream<Arguments> refusedRequests() {
    return Stream.of(
        Arguments.of("no scope", full().clearScope(), "scope: is required"),
        Arguments.of("unknown scope number", full().setScopeValue(42), "scope: unknown value 42"),
        Arguments.of(
            "custom scope without ids",
            full().setScope(EnterpriseExportScope.ENTERPRISE_EXPORT_SCOPE_CUSTOM_SESSION_IDS),
            "session_ids: is required"),
        Arguments.of(
            "session ids with FULL", full().addSessionIds("s1"), "session_ids: is only allowed"),
        Arguments.of(
            "webdev uids with PROJECT",
            full()
                .setScope(EnterpriseExportScope.ENTERPRISE_EXPORT_SCOPE_PROJECT)
                .addWebdevProjectUids("w"),
            "webdev_project_uids: is only allowed when scope is ENTERPRISE_EXPORT_SCOPE_WEBDEV_PROJECT"),
        Arguments.of(
            "project uids with WEBDEV_PROJECT",
            full()
                .setScope(EnterpriseExportScope.ENTERPRISE_EXPORT_SCOPE_WEBDEV_PROJECT)
                .addProjectUids("p"),
            "project_uids: is only allowed when scope is ENTERPRISE_EXPORT_SCOPE_PROJECT"),
        Arguments.of(
            "blank session id",
            full()
                .setScope(EnterpriseExportScope.ENTERPRISE_EXPORT_SCOPE_CUSTOM_SESSION_IDS)
                .addSessionIds(" "),
            "session_ids[0]: must not be empty"),
        Arguments.of(
            "too many session ids",
            full()
                .setScope(EnterpriseExportScope.ENTERPRISE_EXPORT_SCOPE_CUSTOM_SESSION_IDS)
                .addAllSessionIds(
                    Stream.iterate(0, i -> i + 1).limit(1001).map(i -> "s" + i).toList()),
            "session_ids: must hold at most 1000 ids"),
        Arguments.of(
            "session id too long",
            full()
                .setScope(EnterpriseExportScope.ENTERPRISE_EXPORT_SCOPE_CUSTOM_SESSION_IDS)
                .addSessionIds(String.join("", Collections.nCopies(129, "x"))),
            "session_ids[0]: must be at most 128 characters"),
        Arguments.of(
            "start after end",
            full().setStartTime(at("2026-02-01T00:00:00Z")).setEndTime(at("2026-01-01T00:00:00Z")),
            "start_time: must not be after end_time"),
        Arguments.of(
            "timestamp out of range",
            full().setStartTime(Timestamp.newBuilder().setSeconds(Long.MAX_VALUE)),
            "start_time: must be an RFC 3339 date-time"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refusedRequests")
  void refusesWithTheFieldAndTheRule(
      String name, CreateExportRequest.Builder request, String message) {
    assertThatThrownBy(() -> CreateExportValidator.filters(request.build()))
        .isInstanceOfSatisfying(
            ApiException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
        .hasMessageStartingWith(message);
  }

  @Test
  void defaultsIncludeFilesToTrueAndIncludeDeletedToFalse() {
    ExportFilters filters = CreateExportValidator.filters(full().build());
    assertThat(filters.includeFiles()).isTrue();
    assertThat(filters.includeDeleted()).isFalse();
    ExportFilters explicit =
        CreateExportValidator.filters(
            full().setIncludeFiles(false).setIncludeDeleted(true).build());
    assertThat(explicit.includeFiles()).isFalse();
    assertThat(explicit.includeDeleted()).isTrue();
  }

  @Test
  void equalStartAndEndTimesAreAllowed() {
    ExportFilters filters =
        CreateExportValidator.filters(
            full()
                .setStartTime(at("2026-01-01T00:00:00Z"))
                .setEndTime(at("2026-01-01T00:00:00Z"))
                .build());
    assertThat(filters.startTime()).isEqualTo(filters.endTime());
  }

  @Test
  void duplicateSessionIdsAreKeptOnce() {
    ExportFilters filters =
        CreateExportValidator.filters(
            full()
                .setScope(EnterpriseExportScope.ENTERPRISE_EXPORT_SCOPE_CUSTOM_SESSION_IDS)
                .addSessionIds("a")
                .addSessionIds("b")
                .addSessionIds("a")
                .build());
    assertThat(filters.sessionIds()).containsExactly("a", "b");
  }

  @Test
  void aReasonIsOptionalUnlessTheEnterpriseRequiresOne() {
    assertThat(CreateExportValidator.reason(full().build(), false)).isNull();
    assertThatThrownBy(() -> CreateExportValidator.reason(full().build(), true))
        .hasMessage("reason: is required by this enterprise's export policy");
    assertThat(CreateExportValidator.reason(full().setReason("  legal hold  ").build(), true))
        .isEqualTo("legal hold");
  }

  @Test
  void aBlankOrOverlongReasonIsRefused() {
    assertThatThrownBy(() -> CreateExportValidator.reason(full().setReason(" \t ").build(), false))
        .hasMessageStartingWith("reason: must not be blank");
    String tooLong = String.join("", Collections.nCopies(1001, "r"));
    assertThatThrownBy(() -> CreateExportValidator.reason(full().setReason(tooLong).build(), false))
        .hasMessage("reason: must be at most 1000 characters");
  }

  private static Timestamp at(String rfc3339) {
    Instant instant = Instant.parse(rfc3339);
    return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).build();
  }
}
