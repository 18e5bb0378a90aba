package dev.engram.cli;

import dev.engram.index.SearchBench;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "search", description = "Benchmark searches on a journal's index (built first when empty): a fixed"
        + " mixed query set drawn from the index's vocabulary with a seed, run sequentially after a warm-up, keyword"
        + " and hybrid (query embedding included), idle and while files are re-indexed; prints wall p50, p99 and max and"
        + " the search thread's CPU time per query.")
final class BenchSearchCommand implements Callable<Integer> {
    @CommandLine.Mixin
    JournalOption journalOption;

    @CommandLine.Option(names = "--queries", defaultValue = "240", paramLabel = "N",
            description = "Queries in the set, at least 100 (default: ${DEFAULT-VALUE}).")
    int queries;

    @CommandLine.Option(names = "--seed", defaultValue = "1", paramLabel = "S",
            description = "Seed of the query set (default: ${DEFAULT-VALUE}).")
    long seed;

    @CommandLine.Option(names = "--embed-up-to", defaultValue = "0", paramLabel = "N",
            description = "First embed chunks until N have vectors (hybrid is measured when any exist; default: none"
                    + " added).")
    int embedUpTo;

    @CommandLine.Option(names = "--stand-in-vectors", paramLabel = "",
            description = "Then give every chunk still without a vector a stand-in: a real vector of the index, picked"
                    + " by the chunk's text and moved a little, so hybrid queries run on a vector graph of the index's"
                    + " full size without embedding every chunk (the queries are embedded by the model). Benchmark"
                    + " journals only: the vectors stay in the index until it is rebuilt.")
    boolean standIns;

    @CommandLine.Option(names = "--warmup-passes", defaultValue = "0", paramLabel = "N",
            description = "Passes of the warm-up set before each timed run: 0 (default) repeats it until the JIT"
                    + " compiler uses under 5%% of the search's CPU in a pass (at most 8), 1 is the method before"
                    + " 2026-11-30 17:30.")
    int warmupPasses;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if (queries < 100 || embedUpTo < 0 || warmupPasses < 0) {
            throw new UsageException("--queries must be at least 100, --embed-up-to and --warmup-passes 0 or more");
        }
        if (standIns && embedUpTo == 0) {
            throw new UsageException("--stand-in-vectors needs real vectors to start from: add --embed-up-to N"
                    + " (e.g. 2000)");
        }
        SearchBench.run(journalOption.open(), new SearchBench.Plan(queries, seed, embedUpTo, standIns, warmupPasses),
                spec.commandLine().getOut());
        return 0;
    }
}
