package dev.engram.cli;

import dev.engram.index.IndexBench;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "index", description = "Benchmark the search index on a journal (make one with 'engram demo"
        + " --segments-per-day 100 --seed S --end D'): full keyword rebuild, index size, catch-up with nothing changed,"
        + " new segments searchable through the change feed, embedding speed and RSS. Rebuilds the journal's index.")
final class BenchIndexCommand implements Callable<Integer> {
    @CommandLine.Mixin
    JournalOption journalOption;

    @CommandLine.Option(names = "--embed-sample", defaultValue = "2000", paramLabel = "N",
            description = "Chunks to embed for the embedding figures; 0 skips them (default: ${DEFAULT-VALUE}).")
    int embedSample;

    @CommandLine.Option(names = "--segments", defaultValue = "20", paramLabel = "N",
            description = "New segments written to time the incremental path (default: ${DEFAULT-VALUE}).")
    int segments;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if (embedSample < 0 || segments < 1) {
            throw new UsageException("--embed-sample must be 0 or more and --segments at least 1");
        }
        IndexBench.index(journalOption.open(), embedSample, segments, spec.commandLine().getOut());
        return 0;
    }
}
