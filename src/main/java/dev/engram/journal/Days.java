package dev.engram.journal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The journal's days ({@code YYYYMMDD/}), their segments ({@code HHMMSS_LEN/}) and day insights
 * ({@code insights/*.md}). Folders that are neither are reported as warnings, except known ones.
 */
public final class Days {
    /** Day sub-folders that are not segments and are expected. */
    private static final Set<String> KNOWN_DAY_DIRS = Set.of("insights", "health", "remote", "observer");
    private static final Set<String> KNOWN_DAY_FILES = Set.of("task_log.txt");
    private final Store store;

    Days(Store store) {
        this.store = store;
    }

    /** All days with a folder, oldest first. */
    public List<Day> list() {
        List<Day> out = new ArrayList<>();
        for (Path p : store.list(store.root)) {
            String n = Store.name(p);
            if (n.length() == 8 && n.chars().allMatch(Character::isDigit) && Files.isDirectory(p)) {
                Day.tryParse(n).ifPresentOrElse(out::add, () -> store.sink.warn(
                        new Warning(n, 0, "skipped folder: looks like a day but is not a real date")));
            }
        }
        return out;
    }

    public Optional<Day> latest() {
        List<Day> all = list();
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
    }

    /** The day's segments in time order; drafts ({@code HHMMSS_draft}) are still being recorded and not listed. */
    public List<Segment> segments(Day day) {
        List<Segment> out = new ArrayList<>();
        Path dayDir = store.at(day.key());
        for (Path p : store.list(dayDir)) {
            String n = Store.name(p);
            if (n.startsWith(".")) {
                continue;
            }
            if (!Files.isDirectory(p)) {
                if (!KNOWN_DAY_FILES.contains(n)) {
                    store.sink.warn(new Warning(store.rel(p), 0, "ignored file in a day folder (not part of the format)"));
                }
                continue;
            }
            Optional<SegmentKey> key = SegmentKey.tryParse(n);
            if (key.isPresent()) {
                if (!key.get().wellFormed()) {
                    store.sink.warn(new Warning(store.rel(p), 0, "segment name is not a real time of day; reading its"
                            + " start as " + key.get().start()));
                }
                out.add(new Segment(day, key.get(), p));
            } else if (!KNOWN_DAY_DIRS.contains(n) && !n.endsWith("_draft")) {
                store.sink.warn(new Warning(store.rel(p), 0, "ignored folder in a day: not a segment (HHMMSS_LEN)"));
            }
        }
        out.sort(null);
        return out;
    }

    public Optional<Segment> segment(Day day, SegmentKey key) {
        Path p = store.at(day.key(), key.key());
        if (!Files.isDirectory(p)) {
            return Optional.empty();
        }
        if (!store.inside(p)) {
            store.sink.warn(new Warning(store.rel(p), 0, Store.LEAVES));
            return Optional.empty();
        }
        return Optional.of(new Segment(day, key, p));
    }

    /** Creates (if needed) and returns the segment folder. */
    public Segment createSegment(Day day, SegmentKey key) {
        Path p = store.path(day.key(), key.key());
        try {
            if (!Files.isDirectory(p)) {
                Files.createDirectories(p);
                store.announce(p);
            }
        } catch (IOException e) {
            throw new JournalException("cannot create segment " + day.key() + "/" + key.key() + ": "
                    + DurableFiles.describe(e), e);
        }
        return new Segment(day, key, p);
    }

    /** Reading and writing the files of one segment. */
    public SegmentFiles files(Segment segment) {
        return new SegmentFiles(store, segment);
    }

    /** The day's insights ({@code YYYYMMDD/insights/*.md}), by file name. */
    public List<Insight> insights(Day day) {
        return readInsights(store, store.at(day.key(), "insights"));
    }

    public Insight writeInsight(Day day, String topic, String markdown) {
        String file = Names.fileName(Names.fileName(topic) + ".md");
        store.writeText(store.path(day.key(), "insights", file), markdown);
        return new Insight(topic, file, markdown);
    }

    /**
     * Writes a file directly in the day's folder ({@code <journal>/<day>/<name>}, atomically), as an agent's
     * {@code save} does; {@code name} is a validated file name.
     */
    public void writeDayFile(Day day, String name, String text) {
        store.writeText(store.path(day.key(), Names.fileName(name)), text);
    }

    /**
     * Appends {@code <epoch seconds>\t<message>} to {@code YYYYMMDD/task_log.txt} (the reference's day log), fsynced;
     * line breaks in the message become spaces.
     */
    public void logTask(Day day, java.time.Instant when, String message) {
        String line = java.math.BigDecimal.valueOf(when.toEpochMilli() / 1000.0).toPlainString() + "\t"
                + message.replaceAll("[\\r\\n]+", " ") + "\n";
        store.appendText(store.path(day.key(), "task_log.txt"), line);
    }

    /** The lines of {@code YYYYMMDD/task_log.txt}, oldest first (empty when there is none). */
    public List<String> taskLog(Day day) {
        return store.readText(store.at(day.key(), "task_log.txt")).map(t -> t.lines().toList()).orElse(List.of());
    }

    static List<Insight> readInsights(Store store, Path dir) {
        List<Insight> out = new ArrayList<>();
        for (Path p : store.list(dir)) {
            String n = Store.name(p);
            if (n.endsWith(".md") && !n.startsWith(".")) {
                store.readText(p).ifPresent(text -> out.add(new Insight(Insight.topicOf(n), n, text)));
            }
        }
        return out;
    }

    /** Days named by {@code YYYYMMDD<suffix>} files in a folder, oldest first; other files are warned about. */
    static List<Day> datedFiles(Store store, Path dir, String suffix) {
        List<Day> out = new ArrayList<>();
        for (Path p : store.list(dir)) {
            String n = Store.name(p);
            if (n.startsWith(".")) {
                continue;
            }
            if (Files.isDirectory(p)) {
                store.sink.warn(new Warning(store.rel(p), 0, "skipped: a folder where a YYYYMMDD" + suffix
                        + " file belongs; move it away"));
                continue;
            }
            Optional<Day> d = n.endsWith(suffix) ? Day.tryParse(n.substring(0, n.length() - suffix.length()))
                    : Optional.empty();
            if (d.isPresent()) {
                out.add(d.get());
            } else {
                store.sink.warn(new Warning(store.rel(p), 0, "ignored file: expected YYYYMMDD" + suffix));
            }
        }
        return out;
    }
}
