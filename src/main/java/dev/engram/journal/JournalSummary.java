package dev.engram.journal;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What a journal holds, for {@code engram status}: counts, facet titles, token totals, size on disk, and the
 * warnings met while reading (legacy or malformed content is counted as skipped, never a failure).
 */
public record JournalSummary(Path root, int days, int segments, List<FacetInfo> facets, int entities, int todosOpen,
                             int todosDone, int todosCancelled, int events, long inputTokens, long outputTokens,
                             long totalTokens, long bytes, long files, List<Warning> warnings, long warningCount) {
    private static final int MAX_WARNINGS = 200;
    private static final Set<String> KNOWN_ROOT = Set.of("config", "facets", "agents", "apps", "imports", "tokens",
            "indexer", "indexes", "health", "task_log.txt", "summary.md", "stats.json", "streams", "entities");

    public record FacetInfo(String name, String title, boolean muted) {
    }

    public int todos() {
        return todosOpen + todosDone + todosCancelled;
    }

    /** Reads the whole journal once. Warnings are collected, not logged. */
    public static JournalSummary scan(Journal journal) {
        WarningSink.Collecting sink = WarningSink.collecting(MAX_WARNINGS);
        Journal j = journal.withWarnings(sink);
        checkRoot(j, sink);
        j.config();
        j.conveyPrefs();
        Days days = j.days();
        List<Day> dayList = days.list();
        int segments = 0;
        for (Day d : dayList) {
            days.insights(d);
            for (Segment s : days.segments(d)) {
                segments++;
                days.files(s).checkLegacy();
            }
        }
        List<FacetInfo> facets = new ArrayList<>();
        int entities = 0;
        int open = 0;
        int done = 0;
        int cancelled = 0;
        int events = 0;
        for (Facet f : j.facets()) {
            facets.add(new FacetInfo(f.name(), f.title(), f.muted()));
            FacetStore fs = j.facetStore(f.name());
            fs.checkLayout();
            entities += countAttached(fs, sink);
            for (Day d : fs.todoDays()) {
                for (Todo t : fs.todos(d)) {
                    switch (t.status()) {
                        case OPEN -> open++;
                        case DONE -> done++;
                        case CANCELLED -> cancelled++;
                    }
                }
            }
            for (Day d : fs.eventDays()) {
                events += fs.events(d).size();
            }
        }
        long in = 0;
        long out = 0;
        long total = 0;
        Tokens tokens = j.tokens();
        for (Day d : tokens.days()) {
            for (TokenUsage u : tokens.read(d)) {
                in += u.usage().inputTokens();
                out += u.usage().outputTokens();
                total += u.usage().totalTokens();
            }
        }
        long[] size = diskUsage(j.root());
        return new JournalSummary(j.root(), dayList.size(), segments, facets, entities, open, done, cancelled,
                events, in, out, total, size[0], size[1], sink.warnings(), sink.total());
    }

    private static int countAttached(FacetStore fs, WarningSink sink) {
        Set<String> seen = new HashSet<>();
        int n = 0;
        for (Entity e : fs.attachedEntities()) {
            n++;
            if (!seen.add(e.type() + "\u0000" + e.name())) {
                sink.warn(new Warning("facets/" + fs.name() + "/entities.jsonl", 0,
                        "duplicate entity " + e.type() + " '" + e.name() + "'"));
            }
        }
        return n;
    }

    private static void checkRoot(Journal j, WarningSink sink) {
        for (Path p : j.store().list(j.root())) {
            String n = Store.name(p);
            if (n.startsWith(".") || KNOWN_ROOT.contains(n) || Day.tryParse(n).isPresent()) {
                continue;
            }
            sink.warn(new Warning(n, 0, "ignored: not part of the journal format"));
        }
    }

    private static long[] diskUsage(Path root) {
        long[] acc = new long[2];
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    if (attrs.isRegularFile()) {
                        acc[0] += attrs.size();
                        acc[1]++;
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new JournalException("cannot measure " + root + ": " + DurableFiles.describe(e), e);
        }
        return acc;
    }
}
