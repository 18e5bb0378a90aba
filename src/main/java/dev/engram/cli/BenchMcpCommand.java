package dev.engram.cli;

import dev.engram.boot.Engram;
import dev.engram.boot.EngramOptions;
import dev.engram.cortex.api.ToolScope;
import dev.engram.index.api.IndexException;
import dev.engram.journal.Day;
import dev.engram.journal.Facet;
import dev.engram.journal.InvalidNameException;
import dev.engram.journal.Journal;
import dev.engram.demo.DemoGenerator;
import dev.engram.demo.DemoProgress;
import dev.engram.demo.DemoResult;
import dev.engram.demo.DemoSpec;
import java.time.LocalDate;
import dev.engram.mcp.McpBench;
import dev.engram.mcp.api.McpTokens;
import dev.engram.mcp.api.NewMcpToken;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "mcp", description = "Measure the MCP server over streamable HTTP: starts Engram on the journal (port"
        + " 0, its own bus socket), waits until its index has caught up (building it the first time), creates a"
        + " temporary read token, and times search_journal and a tool call that does almost nothing (the MCP, HTTP,"
        + " token and audit overhead) with the MCP SDK's client in this process, then with a lean client (plain"
        + " keep-alive HTTP POSTs) in a separate process, whose CPU and allocation per call are the server's alone;"
        + " the token is revoked at the end. Without --journal,"
        + " the demo journal of --days/--segments-per-day/--seed/--end under target/bench is generated the first time"
        + " and reused after; a --journal folder that is missing or empty gets that demo journal too.")
final class BenchMcpCommand implements Callable<Integer> {
    static final List<String> QUERIES = List.of("meeting", "budget", "review", "deploy", "design", "project",
            "email", "test", "release", "planning", "lunch", "customer", "bug", "roadmap", "interview", "report");

    @CommandLine.Option(names = "--journal", paramLabel = "DIR", description = "The journal to measure (default: the"
            + " demo journal target/bench/mcp-<days>d-<segments>s-seed<seed>-<end>, generated if missing).")
    Path journalDir;

    @CommandLine.Option(names = "--days", defaultValue = "365", description = "Demo journal: days (default 365).")
    int days;

    @CommandLine.Option(names = "--segments-per-day", defaultValue = "100", description = "Demo journal: segments a"
            + " day (default 100).")
    int segmentsPerDay;

    @CommandLine.Option(names = "--seed", defaultValue = "7", description = "Demo journal: seed (default 7).")
    long seed;

    @CommandLine.Option(names = "--end", defaultValue = "20261127", description = "Demo journal: last day (default"
            + " 20261127).")
    String end;

    @CommandLine.Option(names = "--count", defaultValue = "1000", description = "Measured calls of each kind.")
    int count;

    @CommandLine.Option(names = "--warmup", defaultValue = "300", description = "Unmeasured calls of each kind first.")
    int warmup;

    @CommandLine.Option(names = "--client", defaultValue = "both", description = "Which client measures: sdk (the"
            + " MCP Java SDK's client in this process, the method of the earlier runs), lean (plain keep-alive HTTP"
            + " POSTs of the JSON-RPC messages from a separate process, so the server's CPU is its own) or both"
            + " (default: sdk, then lean).")
    String client;

    /** The lean client's side, run by the bench in a child process (its token in {@link #TOKEN_ENV}). */
    @CommandLine.Option(names = "--lean-client", hidden = true)
    String leanClientOf;

    @CommandLine.Option(names = "--lean-facet", hidden = true)
    String leanFacet;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** The environment variable that hands the lean client process its token (never its command line). */
    static final String TOKEN_ENV = "ENGRAM_BENCH_MCP_TOKEN";
    private static final String EMPTY_DAY = "19990101";

    @Override
    public Integer call() throws IOException {
        if (count < 1 || warmup < 0) {
            throw new UsageException("--count must be positive and --warmup at least 0");
        }
        if (leanClientOf != null) {
            McpBench.leanClient(leanClientOf, System.getenv(TOKEN_ENV), QUERIES, leanFacet, EMPTY_DAY, warmup,
                    count, System.out);
            return 0;
        }
        if (!Set.of("sdk", "lean", "both").contains(client)) {
            throw new UsageException("--client must be sdk, lean or both");
        }
        Journal journal = journal(spec.commandLine().getErr());
        Facet facet = journal.facets().stream().findFirst().orElseThrow(() -> new UsageException("the journal has"
                + " no facet; run the bench on a demo journal ('engram demo')"));
        Day empty = Day.parse(EMPTY_DAY);
        PrintWriter out = spec.commandLine().getOut();
        Path sockets = Files.createTempDirectory(Path.of("/tmp"), "embench");
        try (Engram engram = Engram.start(new EngramOptions(journal.root(), "127.0.0.1", 0,
                Optional.of(sockets.resolve("bus.sock"))))) {
            long indexStart = System.nanoTime();
            awaitIndex(engram);
            out.printf(Locale.ROOT, "journal %s; index caught up in %.1f s; load average %.1f before the calls%n",
                    journal.root(), (System.nanoTime() - indexStart) / 1e9, load());
            McpTokens tokens = engram.service(McpTokens.class).orElseThrow();
            NewMcpToken token = tokens.create("bench-" + ProcessHandle.current().pid(), ToolScope.READ, Set.of());
            try {
                out.printf(Locale.ROOT, "mcp bench: %d calls of each kind after %d warm-up calls, one client,"
                        + " sequential, streamable HTTP on %s%n", count, warmup, engram.url());
                if (!client.equals("lean")) {
                    McpBench.Result r = McpBench.run(engram.url(), token.secret(), QUERIES, facet.name(),
                            empty.key(), warmup, count);
                    out.printf(Locale.ROOT, " SDK client (MCP Java SDK client in this process, as in earlier runs):%n");
                    print(out, "search_journal", r.search(), "process: client and server");
                    print(out, "todo_list (empty day: overhead)", r.overhead(), "process: client and server");
                    out.printf(Locale.ROOT, "  search hits    %,d in total (%,.0f per query)%n", r.totalHits(),
                            (double) r.totalHits() / count);
                    out.flush();
                }
                if (!client.equals("sdk")) {
                    McpBench.LeanResult r = McpBench.runLean(leanCommand(engram.url(), token.secret(),
                            facet.name()));
                    out.printf(Locale.ROOT, " lean client (keep-alive HTTP POSTs from a separate process; the"
                            + " targets are judged on it):%n");
                    print(out, "search_journal", r.search(), "server process alone");
                    out.printf(Locale.ROOT, "  %-32s client process: CPU %.0f us per call%n", "",
                            r.searchClientCpuMicros());
                    out.printf(Locale.ROOT, "  %-32s per query p50/p90/max ms, by p90: %s%n", "", r.slowestQueries());
                    print(out, "todo_list (empty day: overhead)", r.overhead(), "server process alone");
                    out.printf(Locale.ROOT, "  %-32s client process: CPU %.0f us per call%n", "",
                            r.overheadClientCpuMicros());
                }
                out.printf(Locale.ROOT, "  load average   %.1f after the calls (%d cores)%n", load(),
                        Runtime.getRuntime().availableProcessors());
            } finally {
                tokens.revoke(token.token().id());
            }
        } finally {
            Files.deleteIfExists(sockets.resolve("bus.sock"));
            Files.deleteIfExists(sockets);
        }
        return 0;
    }

    /** The journal to measure: the one given, or the demo journal of the options (generated once, then reused). */
    private Journal journal(PrintWriter err) throws IOException {
        LocalDate last;
        try {
            last = Day.parse(end).date();
        } catch (InvalidNameException e) {
            throw new UsageException("--end: " + e.getMessage());
        }
        if (days < 1 || days > DemoSpec.MAX_DAYS || segmentsPerDay < 1
                || segmentsPerDay > DemoSpec.MAX_SEGMENTS_PER_DAY) {
            throw new UsageException("--days must be 1.." + DemoSpec.MAX_DAYS + " and --segments-per-day 1.."
                    + DemoSpec.MAX_SEGMENTS_PER_DAY);
        }
        Path root = journalDir != null ? journalDir : Path.of("target", "bench", "mcp-" + days + "d-"
                + segmentsPerDay + "s-seed" + seed + "-" + end);
        boolean empty = !Files.isDirectory(root);
        if (!empty) {
            try (var s = Files.list(root)) {
                empty = s.findAny().isEmpty();
            }
        }
        if (journalDir == null || empty) {
            DemoResult r = DemoGenerator.generate(root, new DemoSpec(days, segmentsPerDay, seed, last), false,
                    DemoProgress.NONE);
            DemoSpec d = r.spec();
            err.printf(Locale.ROOT, "demo journal %s: %s (%d days to %s, %d segments a day, seed %d)%n", r.root(),
                    r.created() ? "generated in " + Math.round(r.seconds()) + " s" : "reused", d.days(), d.end(),
                    d.segmentsPerDay(), d.seed());
            err.flush();
        }
        return Journal.open(root);
    }

    private static double load() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    private static void print(PrintWriter out, String what, McpBench.Latency l, String whose) {
        out.printf(Locale.ROOT, "  %-32s p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms, errors %d%n", what,
                l.p50(), l.p90(), l.p99(), l.max(), l.errors());
        out.printf(Locale.ROOT, "  %-32s CPU %.0f us and %.1f KB allocated per call (%s)%n", "", l.cpuMicros(),
                l.allocBytes() / 1024, whose);
    }

    /**
     * The lean client's process: this JVM's java and class path, a small heap and the serial collector (a client
     * that only sends and reads), the token in its environment.
     */
    private ProcessBuilder leanCommand(String url, String token, String facet) {
        String java = ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"),
                "bin", "java").toString());
        ProcessBuilder pb = new ProcessBuilder(java, "-Xmx64m", "-XX:+UseSerialGC", "-cp",
                System.getProperty("java.class.path"), Main.class.getName(), "bench", "mcp", "--lean-client", url,
                "--lean-facet", facet, "--count", String.valueOf(count), "--warmup", String.valueOf(warmup));
        pb.environment().put(TOKEN_ENV, token);
        return pb;
    }

    /**
     * Waits until the index has caught up with the journal (it opens and checks its manifest in the background when
     * Engram starts), so the catch-up does not share the CPU with the measured calls.
     */
    static void awaitIndex(Engram engram) {
        long deadline = System.currentTimeMillis() + 900_000;
        while (!Boolean.TRUE.equals(engram.health().services().get("index").facts().get("caught_up"))) {
            if (System.currentTimeMillis() > deadline) {
                throw new IndexException("the index did not catch up with the journal within 15 minutes");
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IndexException("interrupted while waiting for the index");
            }
        }
    }
}
