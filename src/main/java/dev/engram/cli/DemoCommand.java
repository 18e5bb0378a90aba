package dev.engram.cli;

import dev.engram.demo.DemoGenerator;
import dev.engram.demo.DemoProgress;
import dev.engram.demo.DemoResult;
import dev.engram.demo.DemoSpec;
import dev.engram.journal.Day;
import dev.engram.journal.InvalidNameException;
import java.io.PrintWriter;
import java.time.LocalDate;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "demo", description = {
        "Generate a realistic demo journal: a fictional owner, four facets with people and projects, and for each day"
                + " five-minute segments with transcripts, screen and tmux extracts and insights, plus events, todos,"
                + " news, action logs, token usage and agent runs.",
        "The same arguments (including --end) always produce byte-identical journals.",
        "If the folder already holds a demo journal, nothing is changed and the command exits 0; pass --force to"
                + " regenerate it. Any other journal is always refused (a real journal is never replaced); a non-empty"
                + " folder that is not a journal is always refused."})
final class DemoCommand implements Callable<Integer> {
    /** Runs this large or larger report progress on stderr. */
    private static final int PROGRESS_SEGMENTS = 2000;
    private static final long PROGRESS_EVERY_NANOS = 5_000_000_000L;

    @CommandLine.Mixin
    JournalOption journalOption;

    @CommandLine.Option(names = "--days", paramLabel = "N", defaultValue = "365",
            description = "Number of days, 1..3650 (default: ${DEFAULT-VALUE}).")
    int days;

    @CommandLine.Option(names = "--segments-per-day", paramLabel = "M", defaultValue = "12",
            description = "Five-minute segments per day, 1..288 (default: ${DEFAULT-VALUE}).")
    int segmentsPerDay;

    @CommandLine.Option(names = "--seed", paramLabel = "S", defaultValue = "42",
            description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @CommandLine.Option(names = "--end", paramLabel = "YYYYMMDD",
            description = "Last day of the journal (default: today). Fix it for reproducible journals.")
    String end;

    @CommandLine.Option(names = "--force", description = "Regenerate an existing demo journal in the folder.")
    boolean force;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        DemoSpec demo = demoSpec();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        long[] lastReport = {System.nanoTime()};
        DemoProgress progress = demo.segments() < PROGRESS_SEGMENTS ? DemoProgress.NONE : (done, total) -> {
            // At most one line every 5 seconds: a big run shows it is alive, a quick one stays quiet.
            long now = System.nanoTime();
            if (done < total && now - lastReport[0] >= PROGRESS_EVERY_NANOS) {
                lastReport[0] = now;
                err.printf(Locale.ROOT, "demo: %d/%d days written%n", done, total);
                err.flush();
            }
        };
        DemoResult r = DemoGenerator.generate(journalOption.location().root(), demo, force, progress);
        if (!r.created()) {
            DemoSpec s = r.spec();
            out.printf(Locale.ROOT, "A demo journal already exists at %s (%d days to %s, %d segments a day, seed %d);"
                    + " nothing changed. Pass --force to regenerate it.%n", r.root(), s.days(), s.end(),
                    s.segmentsPerDay(), s.seed());
            return 0;
        }
        if (r.interrupted()) {
            out.printf(Locale.ROOT, "The demo journal at %s had been interrupted while being written; regenerated"
                    + " it.%n", r.root());
        }
        out.printf(Locale.ROOT, "Demo journal at %s: %d days, %d segments, %d facets, %,d files, %s, %.1f s%n",
                r.root(), r.days(), r.segments(), r.facets(), r.files(), StatusCommand.humanBytes(r.bytes()),
                r.seconds());
        return 0;
    }

    private DemoSpec demoSpec() {
        if (days < 1 || days > DemoSpec.MAX_DAYS) {
            throw new UsageException("--days must be between 1 and " + DemoSpec.MAX_DAYS + ", got " + days);
        }
        if (segmentsPerDay < 1 || segmentsPerDay > DemoSpec.MAX_SEGMENTS_PER_DAY) {
            throw new UsageException("--segments-per-day must be between 1 and " + DemoSpec.MAX_SEGMENTS_PER_DAY
                    + " (five-minute segments in a day), got " + segmentsPerDay);
        }
        LocalDate last;
        try {
            last = end == null ? LocalDate.now() : Day.parse(end).date();
        } catch (InvalidNameException e) {
            throw new UsageException("--end: " + e.getMessage());
        }
        return new DemoSpec(days, segmentsPerDay, seed, last);
    }
}
