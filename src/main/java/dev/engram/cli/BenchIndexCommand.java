package dev.engram.cli;

import dev.engram.index.IndexBench;
import dev.engram.index.StartPhase;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "index", description = "Benchmark the search index on a journal (make one with 'engram demo"
        + " --segments-per-day 100 --seed S --end D'): full keyword rebuild, index size, catch-up with nothing changed,"
        + " new segments searchable through the change feed, embedding speed and RSS, idle RSS; then the bus path: a"
        + " running Engram, new segments written by another writer and announced with observe.observed, timed until"
        + " searchable. Each phase runs the"
        + " way the product runs it, in a child JVM started through bin/engram (--method product, default); the"
        + " single-JVM method of earlier rounds is --method in-process. Rebuilds the journal's index.")
final class BenchIndexCommand implements Callable<Integer> {
    @CommandLine.Mixin
    JournalOption journalOption;

    @CommandLine.Option(names = "--embed-sample", defaultValue = "2000", paramLabel = "N",
            description = "Chunks to embed for the embedding figures; 0 skips them (default: ${DEFAULT-VALUE}).")
    int embedSample;

    @CommandLine.Option(names = "--segments", defaultValue = "20", paramLabel = "N",
            description = "New segments written to time the incremental path (default: ${DEFAULT-VALUE}).")
    int segments;

    @CommandLine.Option(names = "--burst", defaultValue = "10", paramLabel = "N",
            description = "Segments announced back to back in the bus path's burst, after its --segments one at a"
                    + " time; 0 skips the burst (default: ${DEFAULT-VALUE}).")
    int burst;

    @CommandLine.Option(names = "--bus-gap-ms", defaultValue = "2000", paramLabel = "MS",
            description = "The bus path's pause between segments announced one at a time (default: ${DEFAULT-VALUE}:"
                    + " longer than the embedding backlog's step aside after a change).")
    long busGapMs;

    @CommandLine.Option(names = "--bus-control-ms", defaultValue = "2000", paramLabel = "MS", hidden = true,
            description = "How long the bus path's control segment (written, not announced) must stay unsearchable.")
    long busControlMs;

    @CommandLine.Option(names = "--method", defaultValue = "product", paramLabel = "M",
            description = "product: each phase in a child JVM through bin/engram, with the flags the product runs"
                    + " with; in-process: every phase in this JVM (default: ${DEFAULT-VALUE}).")
    String method;

    @CommandLine.Option(names = "--idle-seconds", defaultValue = "75", paramLabel = "S",
            description = "How long the start configuration idles with the index open before the last RSS (bin/engram's"
                    + " periodic GC and native trim run after 60 s; default: ${DEFAULT-VALUE}).")
    int idleSeconds;

    @CommandLine.Option(names = "--launcher", paramLabel = "PATH",
            description = "The launcher the product method starts (default: bin/engram beside the jar).")
    Path launcher;

    @CommandLine.Option(names = "--phase", hidden = true, paramLabel = "P",
            description = "Internal: 'start' runs the start configuration's phase in this JVM, 'bus' the bus path"
                    + " (the product method's children).")
    String phase;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if (embedSample < 0 || segments < 1 || idleSeconds < 0 || burst < 0 || busGapMs < 0 || busControlMs < 0) {
            throw new UsageException("--embed-sample, --idle-seconds, --burst and --bus-gap-ms must be 0 or more and"
                    + " --segments at least 1");
        }
        var out = spec.commandLine().getOut();
        if ("start".equals(phase)) {
            StartPhase.run(journalOption.open(), embedSample, segments, idleSeconds, out);
            return 0;
        } else if ("bus".equals(phase)) {
            BusPhase.run(journalOption.open(), segments, burst, busGapMs, busControlMs, out);
            return 0;
        } else if (phase != null) {
            throw new UsageException("--phase must be start or bus, not '" + phase + "'");
        }
        switch (method) {
            case "product" -> {
                Path l;
                try {
                    l = launcher != null ? launcher : IndexBench.launcher();
                } catch (IllegalStateException e) {
                    throw new UsageException(e.getMessage());
                }
                IndexBench.product(journalOption.open(), l, embedSample, segments, idleSeconds, out);
                IndexBench.productBus(journalOption.open(), l, segments, burst, busGapMs, busControlMs, out);
            }
            case "in-process" -> {
                IndexBench.index(journalOption.open(), embedSample, segments, out);
                BusPhase.run(journalOption.open(), segments, burst, busGapMs, busControlMs, out);
            }
            default -> throw new UsageException("--method must be product or in-process, not '" + method + "'");
        }
        return 0;
    }
}
