package dev.acrwatch.rule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The rule and alert packages are plain Java: no I/O libraries, and alert builds on rule, never the reverse. */
class RuleAndAlertPurityTest {

    private static final JavaClasses DOMAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.acrwatch.rule", "dev.acrwatch.alert");

    @Test
    void ruleAndAlertDependOnlyOnJavaAndTheDomain() {
        classes().that().resideInAnyPackage("dev.acrwatch.rule..", "dev.acrwatch.alert..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "dev.acrwatch.rule..",
                        "dev.acrwatch.alert..", "dev.acrwatch.event..", "dev.acrwatch.poll..")
                .check(DOMAIN);
    }

    @Test
    void ruleDoesNotDependOnAlert() {
        noClasses().that().resideInAPackage("dev.acrwatch.rule..")
                .should().dependOnClassesThat().resideInAPackage("dev.acrwatch.alert..")
                .check(DOMAIN);
    }
}
