package dev.engram.cli;

import dev.engram.index.IndexBench;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "search", description = "Benchmark searches on a journal's index (built first when empty): a fixed"
        + " mixed query set drawn from the index's vocabulary with a seed, run sequentially after a warm-up, keyword"
        + " and hybrid, idle and while files are re-indexed; prints p50, p99 and max.")
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

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if (queries < 100 || embedUpTo < 0) {
            throw new UsageException("--queries must be at least 100 and --embed-up-to 0 or more");
        }
        IndexBench.search(journalOption.open(), queries, seed, embedUpTo, spec.commandLine().getOut());
        return 0;
    }
}
