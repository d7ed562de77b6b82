package io.dataexport.worker.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataexport.api.v1.EnterpriseExportScope;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SectionsTest {

  @Test
  void aFullExportHasEveryJsonSectionOfTheReferenceLayoutInItsOrder() {
    assertThat(Sections.forScope(EnterpriseExportScope.ENTERPRISE_EXPORT_SCOPE_FULL))
        .extracting(Section::entryName)
        .containsExactly(
            "user.json",
            "platform_user.json",
            "user_client_config.json",
            "user_personalization.json",
            "project.json",
            "session_info.json",
            "session_file_info.json",
            "skill.json",
            "user_knowledge.json",
            "notifications.json",
            "team.json",
            "team_user_relation.json");
  }

  @Test
  void noAllowListNamesASecretSoTheDenyListNeverContradictsTheCatalog() throws Exception {
    for (Section section : catalog()) {
      assertThat(section.fields().topLevel())
          .as(section.entryName())
          .noneMatch(SecretFields::isSecret);
    }
  }

  @Test
  void everySectionOwnedByAUserSaysWhichOfItsRecordsBelongToTheEnterprise() throws Exception {
    for (Section section : catalog()) {
      boolean decided =
          section.scope() != null
              || section.follows() != null
              || section == Sections.USER; // OwnMembershipOnly
      assertThat(decided).as(section.entryName()).isTrue();
    }
  }

  private static List<Section> catalog() throws IllegalAccessException {
    List<Section> sections = new ArrayList<>();
    for (Field field : Sections.class.getFields()) {
      if (Modifier.isStatic(field.getModifiers()) && field.getType() == Section.class) {
        sections.add((Section) field.get(null));
      }
    }
    return sections;
  }
}
