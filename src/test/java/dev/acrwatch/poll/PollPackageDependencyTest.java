package dev.acrwatch.poll;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.ArchConfiguration;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

class PollPackageDependencyTest {

    @Test
    void pollUseCaseImportsNoSchedulerCloudMetricsMailOrJdbc() {
        // Package names of dependencies are known without loading them; resolving them costs ~10 s.
        ArchConfiguration archConfig = ArchConfiguration.get();
        boolean resolve = archConfig.resolveMissingDependenciesFromClassPath();
        archConfig.setResolveMissingDependenciesFromClassPath(false);
        JavaClasses classes;
        try {
            classes = new ClassFileImporter()
                    .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                    .importPackagesOf(PollWorkspace.class);
        } finally {
            archConfig.setResolveMissingDependenciesFromClassPath(resolve);
        }

        noClasses().that().resideInAPackage("dev.acrwatch.poll..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "org.quartz..", "com.azure..", "io.micrometer..", "jakarta.mail..", "java.sql..",
                        "java.net.http..", "dev.acrwatch.schedule..", "dev.acrwatch.source.loganalytics..")
                .check(classes);
    }
}
