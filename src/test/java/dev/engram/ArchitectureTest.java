package dev.engram;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The layout rules: no package cycles, console output only in the CLI, a package-info in every package. */
class ArchitectureTest {
    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.engram");
    }

    @Test
    void noPackageCycles() {
        slices().matching("dev.engram.(**)").should().beFreeOfCycles().check(classes);
    }

    @Test
    void onlyTheCliWritesToTheConsole() {
        noClasses().that().resideOutsideOfPackage("dev.engram.cli..")
                .should().accessField(System.class, "out")
                .orShould().accessField(System.class, "err")
                .because("logs go to stderr through logback; only the CLI prints")
                .check(classes);
    }

    @Test
    void noPackageDependsOnTheCli() {
        noClasses().that().resideOutsideOfPackage("dev.engram.cli..")
                .should().dependOnClassesThat().resideInAPackage("dev.engram.cli..")
                .check(classes);
    }

    @Test
    void theJournalDependsOnNoOtherEngramPackage() {
        noClasses().that().resideInAPackage("dev.engram.journal..")
                .should().dependOnClassesThat().resideOutsideOfPackages("dev.engram.journal..", "java..",
                        "javax..", "tools.jackson..", "org.slf4j..")
                .check(classes);
    }

    @Test
    void theBusDependsOnNoOtherEngramPackage() {
        noClasses().that().resideInAPackage("dev.engram.callosum..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.engram.journal..", "dev.engram.app..",
                        "dev.engram.convey..", "dev.engram.apps..", "dev.engram.demo..", "dev.engram.boot..")
                .check(classes);
    }

    @Test
    void theAppFrameworkKnowsNothingOfTheWebOrOfConcreteApps() {
        noClasses().that().resideInAPackage("dev.engram.app..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.engram.convey..", "dev.engram.apps..",
                        "dev.engram.demo..", "dev.engram.boot..", "io.javalin..")
                .check(classes);
    }

    @Test
    void onlyTheCompositionRootAndTheCliKnowTheConcreteApps() {
        noClasses().that().resideOutsideOfPackages("dev.engram.apps..", "dev.engram.boot..", "dev.engram.cli..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.engram.apps..", "dev.engram.boot..")
                .check(classes);
    }

    /** The packages to come; they talk to each other only through service interfaces in the app registry. */
    private static final List<String> SERVICE_PACKAGES = List.of("observe", "index", "cortex", "mcp", "think");

    @Test
    void servicePackagesDependOnlyOnTheJournalTheBusAndTheAppFramework() {
        for (String p : SERVICE_PACKAGES) {
            List<String> forbidden = new java.util.ArrayList<>(List.of("dev.engram.convey..", "dev.engram.apps..",
                    "dev.engram.boot..", "dev.engram.cli..", "dev.engram.demo.."));
            SERVICE_PACKAGES.stream().filter(o -> !o.equals(p)).forEach(o -> forbidden.add("dev.engram." + o + ".."));
            noClasses().that().resideInAPackage("dev.engram." + p + "..")
                    .should().dependOnClassesThat().resideInAnyPackage(forbidden.toArray(String[]::new))
                    .because(p + " may use journal, callosum and app (and libraries); other parts are reached"
                            + " through service interfaces registered in the app registry")
                    .allowEmptyShould(true)
                    .check(classes);
        }
    }

    @Test
    void onlyTheCompositionRootBuildsTheLifecycleTheRegistryAndTheScheduler() {
        noClasses().that().resideOutsideOfPackages("dev.engram.boot..", "dev.engram.app..")
                .should().callConstructor(dev.engram.app.Lifecycle.class)
                .orShould().callConstructor(dev.engram.app.ServiceRegistry.class)
                .orShould().callConstructor(dev.engram.app.TaskScheduler.class, java.time.Clock.class, Path.class,
                        java.time.Duration.class)
                .because("one lifecycle owner, built in boot, starts and stops every service")
                .check(classes);
    }

    @Test
    void everyPackageHasAPackageInfo() throws IOException {
        Path src = Path.of("src/main/java/dev/engram");
        List<Path> missing;
        try (Stream<Path> dirs = Files.walk(src)) {
            missing = dirs.filter(Files::isDirectory)
                    .filter(d -> hasJava(d) && !Files.exists(d.resolve("package-info.java"))).toList();
        }
        assertThat(missing).as("packages without package-info.java").isEmpty();
    }

    private static boolean hasJava(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.anyMatch(f -> f.toString().endsWith(".java"));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
