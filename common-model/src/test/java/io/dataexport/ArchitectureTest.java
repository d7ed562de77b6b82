package io.dataexport;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * common-model is the contract the gateway and the workers share (the protobuf API, events, job
 * lifecycle, archive layout): it must stay free of the frameworks the services are built on, so
 * that any of them, or a client, can use it without pulling in Spring or the MongoDB driver.
 */
class ArchitectureTest {

  private static final String[] CONTRACT_PACKAGES = {
    "io.dataexport.export..",
    "io.dataexport.event..",
    "io.dataexport.archive..",
    "io.dataexport.api.v1.."
  };

  private static JavaClasses commonModel;

  @BeforeAll
  static void importCommonModel() {
    commonModel =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(location -> location.contains("common-model"))
            .importPackages("io.dataexport");
  }

  @Test
  void theImportHoldsCommonModelsMainClassesAndNothingElse() {
    assertThat(commonModel.stream().map(JavaClass::getName))
        .contains(
            "io.dataexport.export.ExportJob",
            "io.dataexport.export.ExportLifecycle",
            "io.dataexport.event.AuditEvent",
            "io.dataexport.archive.ArchiveLayout",
            "io.dataexport.api.v1.ExportStatus")
        .doesNotContain(ArchitectureTest.class.getName());
  }

  @Test
  void theContractsDoNotDependOnSpring() {
    contractsMustNotDependOn("org.springframework..").check(commonModel);
  }

  @Test
  void theContractsDoNotDependOnTheMongoDbDriver() {
    contractsMustNotDependOn("com.mongodb..").check(commonModel);
  }

  @Test
  void theContractsDoNotDependOnBson() {
    contractsMustNotDependOn("org.bson..").check(commonModel);
  }

  private static ArchRule contractsMustNotDependOn(String packages) {
    return noClasses()
        .that()
        .resideInAnyPackage(CONTRACT_PACKAGES)
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(packages)
        .because("common-model is the framework-free contract shared by every service");
  }
}
