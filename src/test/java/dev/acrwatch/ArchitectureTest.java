package dev.acrwatch;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.belongToAnyOf;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import dev.acrwatch.notify.DeliveryResult;
import dev.acrwatch.notify.FailureReason;
import dev.acrwatch.notify.Notifier;

/** The domain stays plain Java so it can be tested with a clock and nothing else. */
@AnalyzeClasses(packages = "dev.acrwatch", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    private static final String[] DOMAIN = {
        "dev.acrwatch.event..", "dev.acrwatch.rule..", "dev.acrwatch.alert..", "dev.acrwatch.poll.."
    };

    private static final String[] IO_AND_FRAMEWORKS = {
        "com.azure..", "org.quartz..", "io.micrometer..", "jakarta.mail..", "org.eclipse.angus..",
        "java.sql..", "javax.sql..", "com.fasterxml.jackson..", "com.sun.net.httpserver..",
        "java.net.http..", "picocli..", "org.flywaydb.."
    };

    @ArchTest
    static final ArchRule domainImportsNoIoOrFrameworks = noClasses()
            .that().resideInAnyPackage(DOMAIN)
            .should().dependOnClassesThat().resideInAnyPackage(IO_AND_FRAMEWORKS)
            .because("classification, windows, rules and the alert lifecycle are plain Java (DESIGN.md)");

    @ArchTest
    static final ArchRule domainDoesNotKnowAdapters = noClasses()
            .that().resideInAnyPackage(DOMAIN)
            .should().dependOnClassesThat(resideInAnyPackage(
                    "dev.acrwatch.source.loganalytics..", "dev.acrwatch.source.simulator..",
                    "dev.acrwatch.notify..", "dev.acrwatch.metrics..", "dev.acrwatch.schedule..",
                    "dev.acrwatch.cli..")
                    // the notifier port lives in notify; DispatchOutbox (poll) sends through it
                    .and(not(belongToAnyOf(Notifier.class, DeliveryResult.class, FailureReason.class))))
            .because("use cases see ports, never adapters");

    @ArchTest
    static final ArchRule domainDoesNoFileOrSocketIo = noClasses()
            .that().resideInAnyPackage(DOMAIN)
            .should().dependOnClassesThat().resideInAnyPackage("java.nio.file..", "java.net..")
            .because("the domain gets its data through ports");
}
