package io.dataexport.worker.archive;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class EntryNamesTest {

  @Test
  void aNameKeepsOnlyItsLastSegmentAndLosesWhatNoFileSystemTakes() {
    assertThat(EntryNames.safeSegment("../../etc/passwd")).isEqualTo("passwd");
    assertThat(EntryNames.safeSegment("C:\\dir\\x.txt")).isEqualTo("x.txt");
    assertThat(EntryNames.safeSegment("a\u0000b\nc.txt")).isEqualTo("a_b_c.txt");
    assertThat(EntryNames.safeSegment("..")).isEqualTo("unnamed");
    assertThat(EntryNames.safeSegment("  ")).isEqualTo("unnamed");
    assertThat(EntryNames.safeSegment(null)).isEqualTo("unnamed");
    assertThat(EntryNames.safeSegment("name. . ")).isEqualTo("name");
    assertThat(EntryNames.safeSegment("nul.txt")).isEqualTo("_nul.txt");
    assertThat(EntryNames.safeSegment("console.txt")).isEqualTo("console.txt");
  }

  @Test
  void unicodeIsKeptInItsComposedForm() {
    assertThat(EntryNames.safeSegment("cafe\u0301.txt")).isEqualTo("caf\u00e9.txt");
    assertThat(EntryNames.safeSegment("Ünïcødé 文件.txt")).isEqualTo("Ünïcødé 文件.txt");
  }

  @Test
  void aLongNameIsCutBetweenCodePointsToTheByteLimitAndKeepsItsExtension() {
    String cut = EntryNames.truncate("€".repeat(100) + ".pdf"); // 3 bytes each
    int bytes = cut.getBytes(StandardCharsets.UTF_8).length;
    assertThat(bytes).isLessThanOrEqualTo(EntryNames.MAX_SEGMENT_BYTES);
    assertThat(bytes).isGreaterThan(EntryNames.MAX_SEGMENT_BYTES - 3);
    assertThat(cut).endsWith(".pdf").startsWith("€€€");
    String emoji = EntryNames.truncate("😀".repeat(60));
    assertThat(emoji.codePoints().allMatch(c -> c == 0x1F600)).isTrue();
  }

  @Test
  void namesThatDifferOnlyInCaseOrNormalisationGetDistinctEntries() {
    EntryNames names = new EntryNames();
    assertThat(names.unique("files/ses_1", "Report.txt", "fil_1"))
        .isEqualTo("files/ses_1/Report.txt");
    assertThat(names.unique("files/ses_1", "report.TXT", "fil_2"))
        .isEqualTo("files/ses_1/fil_2_report.TXT");
    assertThat(names.unique("files/ses_1", "fil_2_REPORT.txt", "fil_3"))
        .isEqualTo("files/ses_1/fil_3_fil_2_REPORT.txt");
    assertThat(names.unique("files/ses_1", "report.txt", "fil_2"))
        .isEqualTo("files/ses_1/fil_2_2_report.txt");
    assertThat(names.unique("files/ses_1", "Straße.txt", "fil_4"))
        .isEqualTo("files/ses_1/Straße.txt");
    assertThat(names.unique("files/ses_1", "STRASSE.txt", "fil_5"))
        .isEqualTo("files/ses_1/fil_5_STRASSE.txt");
  }

  @Test
  void aNameCannotTakeOneTheWriterReserved() {
    EntryNames names = new EntryNames();
    names.reserve("files/x/a.txt");
    assertThat(names.unique("files/x", "A.TXT", "fil_1")).isEqualTo("files/x/fil_1_A.TXT");
  }

  @Test
  void aFolderFromIdsBecomesSafeSegments() {
    assertThat(EntryNames.safeFolder("files/../../ses_1")).isEqualTo("files/ses_1");
    assertThat(EntryNames.safeFolder("/abs/ses")).isEqualTo("abs/ses");
    assertThat(EntryNames.safeFolder("")).isEqualTo("files");
  }
}
