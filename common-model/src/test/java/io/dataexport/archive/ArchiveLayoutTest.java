package io.dataexport.archive;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataexport.archive.ArchiveLayout.ArchiveObject;
import io.dataexport.export.JobKind;
import org.junit.jupiter.api.Test;

class ArchiveLayoutTest {

  @Test
  void anObjectNameNamesItsEnterpriseExportAndAttempt() {
    String name =
        ArchiveLayout.objectName(JobKind.USER_DATA, "ent_acme", "exp_0123456789abcdef", 12);

    assertThat(name).endsWith(".zip");
    assertThat(ArchiveLayout.parseObjectName(name))
        .hasValue(new ArchiveObject("ent_acme", "exp_0123456789abcdef", 12, JobKind.USER_DATA));
  }

  @Test
  void aWorkspaceArchiveIsAJsonDocumentAndItsNameSaysSo() {
    String name = ArchiveLayout.objectName(JobKind.WORKSPACE, "ent_acme", "exp_1", 2);

    assertThat(name).isEqualTo("exports/ent_acme/exp_1-2.json");
    assertThat(ArchiveLayout.parseObjectName(name))
        .hasValue(new ArchiveObject("ent_acme", "exp_1", 2, JobKind.WORKSPACE));
  }

  @Test
  void whatObjectNameCannotMakeIsNoArchive() {
    assertThat(ArchiveLayout.parseObjectName("exports/ent_acme/exp_1.zip")).isEmpty();
    assertThat(ArchiveLayout.parseObjectName("exports/ent_acme/exp_1-0.zip")).isEmpty();
    assertThat(ArchiveLayout.parseObjectName("exports/a/b/exp_1-1.zip")).isEmpty();
    assertThat(ArchiveLayout.parseObjectName("../exports/ent/exp_1-1.zip")).isEmpty();
    assertThat(ArchiveLayout.parseObjectName("exports/ent/exp_1-1.tar")).isEmpty();
  }
}
