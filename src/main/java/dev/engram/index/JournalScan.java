package dev.engram.index;

import dev.engram.journal.Day;
import dev.engram.journal.SegmentKey;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;
import java.util.Optional;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.function.Consumer;

/**
 * The indexable files of a journal with their size and mtime, from directory listings and file attributes only
 * (nothing is read, so a catch-up with nothing changed is cheap). Walks the day folders (insights and segments; on
 * {@link IndexWorkers#threads()} threads with the caller's priority, a day per task) and {@code facets/*}; symbolic
 * links are not followed. A folder that cannot be listed is reported and skipped. Each file goes to a {@link Visitor}
 * of its walk task as it is found (a catch-up compares it with the manifest right there, {@link CatchUpDiff}): no map
 * of the journal's files is built or merged (merging the days' maps into one was a quarter of a no-change catch-up's
 * CPU on 365 days); the visitors come back in walk order (days, then each folder's entries, sorted).
 */
final class JournalScan {
    /** Size in bytes and last-modified time in milliseconds. */
    record Stat(long size, long mtime) {
    }

    private final Path root;
    private final Formatters formatters;
    private final Consumer<String> warnings;
    /** CPU time (ns) the walks' threads have used (the start-up bench reads it). */
    private final java.util.concurrent.atomic.LongAdder walkCpu = new java.util.concurrent.atomic.LongAdder();

    JournalScan(Path root, Formatters formatters, Consumer<String> warnings) {
        this.root = root;
        this.formatters = formatters;
        this.warnings = warnings;
    }

    /**
     * Hears each indexed file a walk finds (one visitor per walk task, so a visitor is used by one thread at a time and
     * needs no synchronization).
     */
    interface Visitor {
        void file(String path, long size, long mtime);
    }

    /**
     * Walks every indexed file (or those of {@code day}): the day folders on {@link IndexWorkers#threads()} threads
     * with the caller's priority, a day per task, each task with its own visitor from {@code visitors}; then
     * {@code facets/*}, imports, apps' insights and agent runs on the caller's thread with one more visitor. Nothing is
     * merged: the visitors come back in walk order (days, then the rest), each having heard its files in folder order.
     */
    <V extends Visitor> List<V> walk(Optional<Day> day, java.util.function.Supplier<V> visitors) {
        List<Path> days = new ArrayList<>();
        for (Path p : list(root)) {
            Optional<Day> d = Day.tryParse(p.getFileName().toString());
            if (d.isPresent() && (day.isEmpty() || day.equals(d)) && dir(p)) {
                days.add(p);
            }
        }
        List<V> out = new ArrayList<>(days.size() + 1);
        for (int i = 0; i < days.size(); i++) {
            out.add(visitors.get());
        }
        IndexWorkers.run(days.size(), i -> dayFiles(days.get(i), day, out.get(i)), () -> false, done -> { },
                Thread.currentThread().getPriority(), walkCpu);
        V rest = visitors.get();
        out.add(rest);
        Path facets = root.resolve("facets");
        for (Path f : dir(facets) ? list(facets) : List.<Path>of()) {
            if (!dir(f)) {
                continue;
            }
            String rel = "facets/" + f.getFileName();
            addFiles(f, rel, rest, day);
            for (String kind : new String[] {"entities", "events", "todos", "news", "logs"}) {
                Path k = f.resolve(kind);
                if (dir(k)) {
                    addFiles(k, rel + "/" + kind, rest, day);
                }
            }
        }
        for (Path imp : list(root.resolve("imports"))) {
            if (dir(imp)) {
                addFiles(imp, "imports/" + imp.getFileName(), rest, day);
            }
        }
        for (Path app : list(root.resolve("apps"))) {
            Path insights = app.resolve("insights");
            if (dir(app) && dir(insights)) {
                addFiles(insights, "apps/" + app.getFileName() + "/insights", rest, day);
            }
        }
        if (dir(root.resolve("agents"))) {
            addFiles(root.resolve("agents"), "agents", rest, day);
        }
        return out;
    }

    /** CPU seconds the day folders' walks have used on their threads so far. */
    double walkCpuSeconds() {
        return walkCpu.sum() / 1e9;
    }

    /**
     * The indexed files of one day folder: its insights and its segments'. Whether a file there is indexed depends on
     * its name only, the day's and the segment's digits being matched as digits by every rule (checked for the rules
     * of {@link Formatters#standard()} by {@code JournalScanTest}): so each name is matched against the rules once per
     * day and kind of folder, not once per file (the rules' regular expressions were a quarter of the walk's CPU).
     */
    private void dayFiles(Path dayDir, Optional<Day> day, Visitor out) {
        String name = dayDir.getFileName().toString();
        Map<String, Boolean> insightNames = new HashMap<>();
        Map<String, Boolean> segmentNames = new HashMap<>();
        for (Path q : list(dayDir)) {
            String sub = q.getFileName().toString();
            boolean insights = sub.equals("insights");
            if ((insights || SegmentKey.tryParse(sub).isPresent()) && dir(q)) {
                addFiles(q, name + "/" + sub, out, day, insights ? insightNames : segmentNames);
            }
        }
    }

    /** The indexed files directly inside one journal-relative folder (a segment: {@code YYYYMMDD/HHMMSS_LEN}). */
    Map<String, Stat> filesIn(String relDir) {
        Map<String, Stat> out = new LinkedHashMap<>();
        Path dir = root.resolve(relDir);
        if (dir(dir)) {
            addFiles(dir, relDir, (path, size, mtime) -> out.put(path, new Stat(size, mtime)), Optional.empty());
        }
        return out;
    }

    /** The stat of one journal-relative file, empty when it is not a regular file (gone, a folder, a link). */
    Optional<Stat> stat(String rel) {
        return stat(root.resolve(rel));
    }

    private static Optional<Stat> stat(Path file) {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            return a.isRegularFile() ? Optional.of(new Stat(a.size(), a.lastModifiedTime().toMillis()))
                    : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private void addFiles(Path dir, String rel, Visitor out, Optional<Day> day) {
        addFiles(dir, rel, out, day, null);
    }

    /** With {@code byName} (not null): whether a name is indexed in this kind of folder, as {@link #dayFiles} says. */
    private void addFiles(Path dir, String rel, Visitor out, Optional<Day> day, Map<String, Boolean> byName) {
        for (Path p : list(dir)) {
            String name = p.getFileName().toString();
            String path = rel + "/" + name;
            Boolean indexed = byName == null ? null : byName.get(name);
            if (indexed == null) {
                indexed = formatters.indexed(path);
                if (byName != null) {
                    byName.put(name, indexed);
                }
            }
            if (indexed && (day.isEmpty() || Source.of(path).day().equals(day))) {
                stat(p).ifPresent(s -> out.file(path, s.size(), s.mtime())); // the listed path, not re-resolved
            }
        }
    }

    private static boolean dir(Path p) {
        return Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS);
    }

    /** A folder's entries, sorted by name (a stable walk order). */
    private List<Path> list(Path dir) {
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            ds.forEach(out::add);
            out.sort(null);
        } catch (NoSuchFileException e) {
            // nothing there
        } catch (IOException e) {
            warnings.accept("skipped " + root.relativize(dir) + " while indexing: cannot list it (" + e + ")");
        }
        return out;
    }
}
