package io.dataexport.export;

import static io.dataexport.api.v1.ExportStatus.EXPORT_STATUS_CANCELLED;
import static io.dataexport.api.v1.ExportStatus.EXPORT_STATUS_COMPLETED;
import static io.dataexport.api.v1.ExportStatus.EXPORT_STATUS_FAILED;
import static io.dataexport.api.v1.ExportStatus.EXPORT_STATUS_PENDING;
import static io.dataexport.api.v1.ExportStatus.EXPORT_STATUS_PROCESSING;
import static org.assertj.core.api.Assertions.assertThat;

import io.dataexport.api.v1.ExportStatus;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ExportLifecycleTest {

  /** The design's lifecycle, written out independently of the table under test. */
  private static final Set<List<ExportStatus>> DESIGNED =
      Set.of(
          List.of(EXPORT_STATUS_PENDING, EXPORT_STATUS_PROCESSING),
          List.of(EXPORT_STATUS_PENDING, EXPORT_STATUS_FAILED),
          List.of(EXPORT_STATUS_PENDING, EXPORT_STATUS_CANCELLED),
          List.of(EXPORT_STATUS_PROCESSING, EXPORT_STATUS_PENDING),
          List.of(EXPORT_STATUS_PROCESSING, EXPORT_STATUS_COMPLETED),
          List.of(EXPORT_STATUS_PROCESSING, EXPORT_STATUS_FAILED),
          List.of(EXPORT_STATUS_PROCESSING, EXPORT_STATUS_CANCELLED));

  static Stream<Arguments> everyPairOfStatuses() {
    List<ExportStatus> all =
        Arrays.stream(ExportStatus.values()).filter(s -> s != ExportStatus.UNRECOGNIZED).toList();
    return all.stream().flatMap(from -> all.stream().map(to -> Arguments.of(from, to)));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @MethodSource("everyPairOfStatuses")
  void onlyTheDesignedTransitionsAreAllowed(ExportStatus from, ExportStatus to) {
    boolean designed = DESIGNED.contains(List.of(from, to));
    assertThat(ExportLifecycle.allows(from, to)).isEqualTo(designed);
    assertThat(ExportLifecycle.predecessorsOf(to).contains(from)).isEqualTo(designed);
  }

  @Test
  void aJobCannotGoToProcessingTwice() {
    assertThat(ExportLifecycle.allows(EXPORT_STATUS_PROCESSING, EXPORT_STATUS_PROCESSING))
        .isFalse();
  }

  @Test
  void nothingLeavesATerminalState() {
    for (ExportStatus terminal :
        List.of(EXPORT_STATUS_COMPLETED, EXPORT_STATUS_FAILED, EXPORT_STATUS_CANCELLED)) {
      for (ExportStatus to : ExportStatus.values()) {
        if (to != ExportStatus.UNRECOGNIZED) {
          assertThat(ExportLifecycle.allows(terminal, to)).as("%s -> %s", terminal, to).isFalse();
        }
      }
    }
  }

  @Test
  void onlyThePendingAndProcessingStatesAreNotTerminal() {
    assertThat(ExportLifecycle.isTerminal(EXPORT_STATUS_PENDING)).isFalse();
    assertThat(ExportLifecycle.isTerminal(EXPORT_STATUS_PROCESSING)).isFalse();
    assertThat(ExportLifecycle.isTerminal(EXPORT_STATUS_COMPLETED)).isTrue();
    assertThat(ExportLifecycle.isTerminal(EXPORT_STATUS_FAILED)).isTrue();
    assertThat(ExportLifecycle.isTerminal(EXPORT_STATUS_CANCELLED)).isTrue();
  }

  @Test
  void completedCanOnlyBeReachedFromProcessing() {
    assertThat(ExportLifecycle.predecessorsOf(EXPORT_STATUS_COMPLETED))
        .containsExactly(EXPORT_STATUS_PROCESSING);
    assertThat(ExportLifecycle.predecessorsOf(EXPORT_STATUS_CANCELLED))
        .containsExactlyInAnyOrder(EXPORT_STATUS_PENDING, EXPORT_STATUS_PROCESSING);
  }
}
