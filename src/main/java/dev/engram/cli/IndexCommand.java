package dev.engram.cli;

import dev.engram.index.EmbedReport;
import dev.engram.index.IndexReport;
import dev.engram.index.KeywordIndex;
import dev.engram.journal.Day;
import dev.engram.journal.InvalidNameException;
import dev.engram.journal.Journal;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "index", description = "Bring the search index (<journal>/indexes/keyword/) up to date with the journal:"
        + " index new and changed files, drop deleted ones. A running Engram does this by itself.")
final class IndexCommand implements Callable<Integer> {
    @CommandLine.Mixin
    JournalOption journalOption;

    @CommandLine.Option(names = "--rebuild", description = "Index every file again (with --day: that day's files).")
    boolean rebuild;

    @CommandLine.Option(names = "--day", paramLabel = "YYYYMMDD", description = "Only this day's files.")
    String day;

    @CommandLine.Option(names = "--embed", description = "Then compute every missing chunk vector now (offline"
            + " all-MiniLM-L6-v2) instead of leaving them to a running Engram's background backlog.")
    boolean embed;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        Optional<Day> only = Optional.ofNullable(day).map(IndexCommand::day);
        Journal journal = journalOption.open();
        PrintWriter err = spec.commandLine().getErr();
        try (KeywordIndex index = KeywordIndex.open(journal, w -> err.println("engram index: warning: " + w))) {
            if (rebuild && only.isEmpty()) {
                index.clear();
            }
            IndexReport r = index.catchUp(only, rebuild);
            spec.commandLine().getOut().printf("Indexed %d file(s) (%d chunks), %d unchanged, %d removed, %d skipped"
                            + " in %d ms; the index holds %d file(s), %d chunks: %s%n", r.indexed(), r.chunks(),
                    r.unchanged(), r.removed(), r.skipped(), r.millis(), index.files(), index.chunks(), index.folder());
            if (embed) {
                long[] shown = {System.nanoTime()};
                EmbedReport e = index.embedAll((done, of) -> {
                    if (System.nanoTime() - shown[0] > 2_000_000_000L) {
                        err.printf("embedding: %d of %d chunks%n", done, of);
                        err.flush();
                        shown[0] = System.nanoTime();
                    }
                });
                spec.commandLine().getOut().printf(java.util.Locale.ROOT, "Embedded %d chunk(s) in %d ms (%.0f"
                        + " chunks/s); %d of %d chunks have vectors%n", e.embedded(), e.millis(), e.chunksPerSecond(),
                        e.vectors(), e.chunks());
            }
            return 0;
        }
    }

    static Day day(String key) {
        try {
            return Day.parse(key);
        } catch (InvalidNameException e) {
            throw new UsageException(e.getMessage());
        }
    }
}
