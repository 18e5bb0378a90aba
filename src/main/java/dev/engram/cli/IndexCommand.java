package dev.engram.cli;

import dev.engram.index.CorruptionCheck;
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

    @CommandLine.Option(names = "--json", description = "Print one JSON object (what was done, what the index holds);"
            + " no progress.")
    boolean json;

    @CommandLine.Option(names = "--progress", paramLabel = "STYLE", defaultValue = "auto", description = "Progress on"
            + " standard error for runs over a second: bar (one line redrawn, files/s and ETA), lines (a plain line"
            + " every 5 s), none, or auto (bar on a terminal, lines otherwise, none with --json; default).")
    String progress;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private static final tools.jackson.databind.json.JsonMapper JSON = tools.jackson.databind.json.JsonMapper.builder()
            .build();

    @Override
    public Integer call() {
        Optional<Day> only = Optional.ofNullable(day).map(IndexCommand::day);
        ProgressLine.Style style = style();
        Journal journal = journalOption.open();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try (KeywordIndex index = KeywordIndex.open(journal, w -> err.println("engram index: warning: " + w))) {
            if (rebuild && only.isEmpty()) {
                index.clear();
            }
            ProgressLine files = new ProgressLine(err, style, "indexing", System::currentTimeMillis);
            IndexReport r = index.catchUp(only, rebuild, () -> false, files::update);
            files.finish();
            // damage Lucene opens without complaint (flipped bytes in a segment) shows only in the checksums
            Optional<String> damage = CorruptionCheck.damage(index.folder());
            if (damage.isPresent()) {
                err.println("engram index: warning: the search index at " + index.folder() + " is damaged ("
                        + damage.get() + "): rebuilding it from the journal");
                err.flush();
                index.clear();
                ProgressLine again = new ProgressLine(err, style, "rebuilding", System::currentTimeMillis);
                r = index.catchUp(Optional.empty(), true, () -> false, again::update);
                again.finish();
            }
            var o = JSON.createObjectNode().put("indexed", r.indexed()).put("chunks", r.chunks())
                    .put("unchanged", r.unchanged()).put("removed", r.removed()).put("skipped", r.skipped())
                    .put("millis", r.millis()).put("files_in_index", index.files())
                    .put("chunks_in_index", index.chunks()).put("folder", index.folder().toString());
            damage.ifPresent(d -> o.put("rebuilt_damaged", d));
            if (!json) {
                out.printf("Indexed %d file(s) (%d chunks), %d unchanged, %d removed, %d skipped in %d ms; the index"
                                + " holds %d file(s), %d chunks: %s%n", r.indexed(), r.chunks(), r.unchanged(),
                        r.removed(), r.skipped(), r.millis(), index.files(), index.chunks(), index.folder());
                out.flush();
            }
            if (embed) {
                ProgressLine chunks = new ProgressLine(err, style, "embedding", System::currentTimeMillis);
                EmbedReport e = index.embedAll(chunks::update);
                chunks.finish();
                o.put("embedded", e.embedded()).put("embed_millis", e.millis()).put("vectors", e.vectors());
                if (!json) {
                    out.printf(java.util.Locale.ROOT, "Embedded %d chunk(s) in %d ms (%.0f chunks/s); %d of %d chunks"
                            + " have vectors%n", e.embedded(), e.millis(), e.chunksPerSecond(), e.vectors(),
                            e.chunks());
                }
            }
            if (json) {
                out.println(JSON.writeValueAsString(o));
            }
            return 0;
        }
    }

    private ProgressLine.Style style() {
        return switch (progress.toLowerCase(java.util.Locale.ROOT)) {
            case "auto" -> ProgressLine.auto(json);
            case "bar" -> ProgressLine.Style.BAR;
            case "lines" -> ProgressLine.Style.LINES;
            case "none" -> ProgressLine.Style.NONE;
            default -> throw new UsageException("--progress must be auto, bar, lines or none, not '" + progress + "'");
        };
    }

    static Day day(String key) {
        try {
            return Day.parse(key);
        } catch (InvalidNameException e) {
            throw new UsageException(e.getMessage());
        }
    }
}
