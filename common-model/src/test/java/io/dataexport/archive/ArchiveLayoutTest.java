package io.dataexport.archive;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataexport.archive.ArchiveLayout.ArchiveObject;
import org.junit.jupiter.api.Test;

class ArchiveLayoutTest {

  @Test
  void anObjectNameNamesItsEnterpriseExportAndAttempt() {
    String name = ArchiveLayout.objectName("ent_acme", "exp_0123456789abcdef", 12);

    assertThat(ArchiveLayout.parseObjectName(name))
        .hasValue(new ArchiveObject("ent_acme", "exp_0123456789abcdef", 12));
  }

  @Test
  void whatObjectNameCannotMakeIsNoArchive() {
    assertThat(ArchiveLayout.parseObjectName("exports/ent_acme/exp_1.zip")).isEmpty();
    assertThat(ArchiveLayout.parseObjectName("exports/ent_acme/exp_1-0.zip")).isEmpty();
    assertThat(ArchiveLayout.parseObjectName("exports/a/b/exp_1-1.zip")).isEmpty();
    assertThat(ArchiveLayout.parseObjectName("../exports/ent/exp_1-1.zip")).isEmpty();
  }
}
