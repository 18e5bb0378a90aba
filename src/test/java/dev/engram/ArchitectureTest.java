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

    /** Outbound network only through the one door (cortex.api.Outbound, logged per call): never silently elsewhere. */
    @Test
    void onlyTheOutboundDoorOpensConnections() {
        outboundHttpRule().check(classes);
        outboundSocketRule().check(classes);
        callosumSocketsAreUnixDomainRule().check(classes);
    }

    /**
     * The benchmark clients allowed their own HTTP client: each talks only to the Engram it starts, on loopback (the
     * ingest load generator, the chat bench, the MCP bench's official SDK client and its lean client).
     */
    static final String BENCH_CLIENTS =
            "dev\\.engram\\.(cli\\.(IngestBench(Client)?|ChatBench)|mcp\\.(McpBench|LeanClient))(\\$.*)?";

    /**
     * No HTTP client outside cortex.outbound: the JDK's (HttpClient, WebSocket, any URLConnection, URL#openStream and
     * #openConnection), OkHttp, LangChain4j's JDK client, the MCP SDK's client transports. (The remote tmux observer's
     * upload, the owner's explicit choice (HELPERS K5), goes through cortex.api.Outbound too.)
     */
    static com.tngtech.archunit.lang.ArchRule outboundHttpRule() {
        return noClasses().that().resideOutsideOfPackage("dev.engram.cortex.outbound..")
                .and().haveNameNotMatching(BENCH_CLIENTS)
                .should().dependOnClassesThat().haveFullyQualifiedName("java.net.http.HttpClient")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.net.http.WebSocket")
                .orShould().dependOnClassesThat().areAssignableTo(java.net.URLConnection.class)
                .orShould().callMethod(java.net.URL.class, "openStream")
                .orShould().callMethod(java.net.URL.class, "openConnection")
                .orShould().callMethod(java.net.URL.class, "openConnection", java.net.Proxy.class)
                .orShould().dependOnClassesThat().resideInAnyPackage("okhttp3..",
                        "io.modelcontextprotocol.client.transport..", "dev.langchain4j.http.client.jdk..")
                .because("every request to a provider goes through cortex.api.Outbound, which logs it to"
                        + " health/providers.jsonl; use context.service(Outbound.class)");
    }

    /** No TCP or UDP socket outside callosum (whose sockets are Unix-domain ones: next rule) and the bench clients. */
    static com.tngtech.archunit.lang.ArchRule outboundSocketRule() {
        return noClasses().that().resideOutsideOfPackage("dev.engram.callosum..")
                .and().haveNameNotMatching(BENCH_CLIENTS)
                .should().dependOnClassesThat().areAssignableTo(java.net.Socket.class)
                .orShould().dependOnClassesThat().areAssignableTo(java.nio.channels.SocketChannel.class)
                .orShould().dependOnClassesThat().areAssignableTo(java.nio.channels.AsynchronousSocketChannel.class)
                .orShould().dependOnClassesThat().areAssignableTo(java.net.DatagramSocket.class)
                .orShould().dependOnClassesThat().areAssignableTo(java.nio.channels.DatagramChannel.class)
                .because("a connection opened elsewhere would bypass cortex.api.Outbound and its log; the bus uses"
                        + " Unix-domain sockets in callosum");
    }

    /** Callosum's socket channels are Unix-domain ones: it names no internet address. */
    static com.tngtech.archunit.lang.ArchRule callosumSocketsAreUnixDomainRule() {
        return noClasses().that().resideInAPackage("dev.engram.callosum..")
                .should().dependOnClassesThat().areAssignableTo(java.net.InetSocketAddress.class)
                .orShould().dependOnClassesThat().areAssignableTo(java.net.InetAddress.class)
                .because("the bus is a Unix-domain socket (UnixDomainSocketAddress); a TCP one would be a network"
                        + " door outside cortex.outbound");
    }

    /**
     * Sense's implementation (processes, the transcription client) is built only by the composition root and the CLI;
     * everything else, the importer included, uses observe.api's AudioTranscriber and FrameReader from the registry.
     */
    @Test
    void onlyTheCompositionRootAndTheCliBuildTheSensePipeline() {
        noClasses().that().resideOutsideOfPackages("dev.engram.observe.sense..", "dev.engram.boot..",
                        "dev.engram.cli..")
                .should().dependOnClassesThat().resideInAPackage("dev.engram.observe.sense..")
                .because("other packages use observe.api (AudioTranscriber, FrameReader) from the registry")
                .allowEmptyShould(true)
                .check(classes);
    }

    /** Callers get models from cortex.api.Providers (logged, retried, tokens recorded); they never build their own. */
    @Test
    void onlyTheProviderLayerBuildsProviderModels() {
        noClasses().that().resideOutsideOfPackage("dev.engram.cortex.providers..")
                .should().dependOnClassesThat().haveNameMatching(
                        "dev\\.langchain4j\\.model\\.(openai|anthropic|googleai|ollama)\\..*ChatModel.*")
                .because("a model built elsewhere would bypass the outbound log and the token records; ask"
                        + " context.service(Providers.class) for one")
                .check(classes);
    }

    /** Convey mounts what services contribute (ServletMount) without knowing any capability, e.g. the MCP server. */
    @Test
    void conveyKnowsNoServicePackage() {
        noClasses().that().resideInAPackage("dev.engram.convey..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.engram.mcp..", "dev.engram.cortex..",
                        "dev.engram.index..", "dev.engram.observe..", "dev.engram.think..", "io.modelcontextprotocol..")
                .because("the composition root hands Convey the servlets and services it serves")
                .check(classes);
    }

    /** The service packages; they talk to each other only through service interfaces in the app registry. */
    private static final List<String> SERVICE_PACKAGES = List.of("observe", "index", "cortex", "mcp", "think");

    @Test
    void servicePackagesDependOnlyOnTheJournalTheBusTheAppFrameworkAndEachOthersApi() {
        // every service package exists: a rule that selects nothing fails (the fixture test below proves the rules
        // select and fail as they should)
        for (com.tngtech.archunit.lang.ArchRule rule : serviceRules("dev.engram")) {
            rule.check(classes);
        }
    }

    @Test
    void theServiceRulesCatchAViolatingFixtureAndAcceptItsApiUse() {
        JavaClasses fixture = new ClassFileImporter().importPackages("dev.engram.archfixture");
        List<com.tngtech.archunit.lang.ArchRule> rules = serviceRules("dev.engram.archfixture");
        List<String> depViolations = rules.subList(0, rules.size() - 1).stream()
                .flatMap(r -> r.allowEmptyShould(true).evaluate(fixture).getFailureReport().getDetails().stream())
                .toList();
        assertThat(depViolations).isNotEmpty().allMatch(d -> d.contains("ReachesIn") && d.contains("Internal"));
        com.tngtech.archunit.lang.EvaluationResult api = rules.getLast().evaluate(fixture);
        assertThat(api.getFailureReport().getDetails()).hasSize(2)
                .anyMatch(d -> d.contains("SearcherImpl")).anyMatch(d -> d.contains("CheckedFailure"))
                .noneMatch(d -> d.contains("SearchFailed"));
    }

    /**
     * Rule 0: a service package depends on no other service package except its {@code api} subpackage, and not on
     * convey, apps, boot, cli or demo. Rule 1: service {@code api} packages hold interfaces, records and unchecked
     * exceptions only.
     */
    private static List<com.tngtech.archunit.lang.ArchRule> serviceRules(String root) {
        com.tngtech.archunit.base.DescribedPredicate<com.tngtech.archunit.core.domain.JavaClass> forbidden =
                com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage(root + ".convey..",
                        root + ".apps..", root + ".boot..", root + ".cli..", root + ".demo..");
        List<com.tngtech.archunit.lang.ArchRule> rules = new java.util.ArrayList<>();
        for (String p : SERVICE_PACKAGES) {
            com.tngtech.archunit.base.DescribedPredicate<com.tngtech.archunit.core.domain.JavaClass> otherService =
                    com.tngtech.archunit.base.DescribedPredicate.describe("another service package outside its api",
                            c -> SERVICE_PACKAGES.stream().filter(o -> !o.equals(p)).anyMatch(o -> inside(c, root
                                    + "." + o) && !inside(c, root + "." + o + ".api")));
            rules.add(noClasses().that().resideInAPackage(root + "." + p + "..")
                    .should().dependOnClassesThat(forbidden.or(otherService))
                    .because(p + " may use journal, callosum and app (and libraries); another service package"
                            + " only through the interfaces, records and unchecked exceptions of its api"
                            + " subpackage"));
        }
        String[] apis = SERVICE_PACKAGES.stream().map(p -> root + "." + p + ".api..").toArray(String[]::new);
        com.tngtech.archunit.lang.ArchRule api = com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes()
                .that().resideInAnyPackage(apis)
                .should(com.tngtech.archunit.lang.ArchCondition.from(
                        com.tngtech.archunit.base.DescribedPredicate.describe(
                                "be interfaces, records, enums or unchecked exceptions",
                                c -> c.isInterface() || c.isEnum() || c.getRawSuperclass().map(
                                        sc -> sc.getName().equals("java.lang.Record")).orElse(false)
                                        || c.isAssignableTo(RuntimeException.class))))
                .because("other service packages may depend on api packages: contracts only, no implementation");
        rules.add(api);
        return rules;
    }

    /** The web apps (chat, agents, search...) reach cortex, index and the others only through their api packages. */
    @Test
    void appsUseServicePackagesOnlyThroughTheirApi() {
        noClasses().that().resideInAPackage("dev.engram.apps..")
                .should().dependOnClassesThat(com.tngtech.archunit.base.DescribedPredicate.describe(
                        "a service package outside its api", c -> SERVICE_PACKAGES.stream().anyMatch(o ->
                                inside(c, "dev.engram." + o) && !inside(c, "dev.engram." + o + ".api"))))
                .because("apps find services in the registry (context.service(Agents.class)) through their api")
                .check(classes);
    }

    private static boolean inside(com.tngtech.archunit.core.domain.JavaClass c, String pkg) {
        return c.getPackageName().equals(pkg) || c.getPackageName().startsWith(pkg + ".");
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
    void appsReachTheIngestServiceOnlyThroughObserveApi() {
        noClasses().that().resideInAPackage("dev.engram.apps..")
                .should().dependOnClassesThat().resideInAPackage("dev.engram.observe.ingest..")
                .because("apps find Observers and Ingest (dev.engram.observe.api) with routes.context().service(...)")
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

    /** The tmux observer runs from the CLI only; the importer is used by the CLI, the composition root and its app. */
    @Test
    void theTmuxObserverAndTheImporterHaveTheirOwnUsers() {
        noClasses().that().resideOutsideOfPackages("dev.engram.observe.tmux..", "dev.engram.cli..")
                .should().dependOnClassesThat().resideInAPackage("dev.engram.observe.tmux..")
                .because("engram observe tmux is a command of its own, not a service of the running Engram")
                .check(classes);
        noClasses().that().resideOutsideOfPackages("dev.engram.observe.imports..", "dev.engram.cli..",
                        "dev.engram.boot..", "dev.engram.observe..")
                .should().dependOnClassesThat().resideInAPackage("dev.engram.observe.imports..")
                .because("imports go through observe.api.Imports, which the composition root provides (a media step plugs in"
                        + " there)")
                .check(classes);
    }

    /**
     * One implementation of entity changes: apps and services change attached entities through journal.EntityEdits
     * and EntityPromotion (the demo writes its seed journal directly); the Entities app depends on no other app.
     */
    @Test
    void entitiesChangeOnlyThroughEntityEdits() {
        noClasses().that().resideOutsideOfPackages("dev.engram.journal..", "dev.engram.demo..")
                .should().callMethod(dev.engram.journal.FacetStore.class, "updateEntities",
                        java.util.function.UnaryOperator.class)
                .because("EntityEdits (attach, detach, change, akas) and EntityPromotion are the one implementation")
                .check(classes);
        noClasses().that().resideInAPackage("dev.engram.apps.entities..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.engram.apps.todos..", "dev.engram.apps.search..",
                        "dev.engram.apps.transcripts..", "dev.engram.apps.home..")
                .because("the Entities app links to other apps by URL only")
                .check(classes);
    }

    /**
     * The Calendar app works on the journal's facet events through Convey and the journal only (its writes go through
     * FacetStore's locked rewrites), plus apps.setup's notice: no other app, no service package, no file access of its
     * own.
     */
    @Test
    void theCalendarAppUsesOnlyConveyAndTheJournal() {
        com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes()
                .that().resideInAPackage("dev.engram.apps.calendar..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("dev.engram.apps.calendar..",
                        "dev.engram.convey..", "dev.engram.journal..", "dev.engram.app..", "dev.engram.apps.setup..",
                        "io.javalin..", "java.lang..",
                        "java.util..", "java.time..", "java.net..", "java.nio.charset..", "tools.jackson.databind..")
                .because("calendar events are journal files: read and written through dev.engram.journal.FacetStore")
                .check(classes);
    }

    /** The apps learn whether the think pipeline can run from cortex.api.Providers in the registry, nothing else. */
    @Test
    void theSetupNoticeKnowsOnlyTheProvidersContract() {
        com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes()
                .that().resideInAPackage("dev.engram.apps.setup..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("dev.engram.apps.setup..", "dev.engram.app..",
                        "dev.engram.cortex.api..", "java.lang..", "java.util..")
                .because("apps.setup answers from Providers.configured() and howToConfigure(), found in the registry")
                .check(classes);
    }
}
