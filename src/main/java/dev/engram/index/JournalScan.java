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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.function.Consumer;

/**
 * The indexable files of a journal with their size and mtime, from directory listings and file attributes only
 * (nothing is read, so a catch-up with nothing changed is cheap). Walks the day folders (insights and segments; on
 * {@link IndexWorkers#threads()} threads with the caller's priority, a day per task) and {@code facets/*}; symbolic
 * links are not followed. A folder that cannot be listed is reported and skipped. The result is a hash map in walk
 * order (days, then each folder's entries, sorted), so files of one segment stay together without the cost of a
 * sorted map's string comparisons (a quarter of a no-change catch-up's CPU on 365 days).
 */
final class JournalScan {
    /** Size in bytes and last-modified time in milliseconds. */
    record Stat(long size, long mtime) {
    }

    private final Path root;
    private final Formatters formatters;
    private final Consumer<String> warnings;

    JournalScan(Path root, Formatters formatters, Consumer<String> warnings) {
        this.root = root;
        this.formatters = formatters;
        this.warnings = warnings;
    }

    /** Journal-relative path to stat of every indexed file, or only those of {@code day}, in walk order. */
    Map<String, Stat> files(Optional<Day> day) {
        List<Path> days = new ArrayList<>();
        for (Path p : list(root)) {
            Optional<Day> d = Day.tryParse(p.getFileName().toString());
            if (d.isPresent() && (day.isEmpty() || day.equals(d)) && dir(p)) {
                days.add(p);
            }
        }
        @SuppressWarnings("unchecked")
        Map<String, Stat>[] perDay = new Map[days.size()];
        IndexWorkers.run(days.size(), i -> perDay[i] = dayFiles(days.get(i), day), () -> false, done -> { });
        Map<String, Stat> out = new LinkedHashMap<>();
        for (Map<String, Stat> m : perDay) {
            out.putAll(m);
        }
        Path facets = root.resolve("facets");
        for (Path f : dir(facets) ? list(facets) : List.<Path>of()) {
            if (!dir(f)) {
                continue;
            }
            String rel = "facets/" + f.getFileName();
            addFiles(f, rel, out, day);
            for (String kind : new String[] {"entities", "events", "todos", "news", "logs"}) {
                Path k = f.resolve(kind);
                if (dir(k)) {
                    addFiles(k, rel + "/" + kind, out, day);
                }
            }
        }
        for (Path imp : list(root.resolve("imports"))) {
            if (dir(imp)) {
                addFiles(imp, "imports/" + imp.getFileName(), out, day);
            }
        }
        for (Path app : list(root.resolve("apps"))) {
            Path insights = app.resolve("insights");
            if (dir(app) && dir(insights)) {
                addFiles(insights, "apps/" + app.getFileName() + "/insights", out, day);
            }
        }
        if (dir(root.resolve("agents"))) {
            addFiles(root.resolve("agents"), "agents", out, day);
        }
        return out;
    }

    /** The indexed files of one day folder: its insights and its segments'. */
    private Map<String, Stat> dayFiles(Path dayDir, Optional<Day> day) {
        Map<String, Stat> out = new LinkedHashMap<>();
        String name = dayDir.getFileName().toString();
        for (Path q : list(dayDir)) {
            String sub = q.getFileName().toString();
            if ((sub.equals("insights") || SegmentKey.tryParse(sub).isPresent()) && dir(q)) {
                addFiles(q, name + "/" + sub, out, day);
            }
        }
        return out;
    }

    /** The indexed files directly inside one journal-relative folder (a segment: {@code YYYYMMDD/HHMMSS_LEN}). */
    Map<String, Stat> filesIn(String relDir) {
        Map<String, Stat> out = new LinkedHashMap<>();
        Path dir = root.resolve(relDir);
        if (dir(dir)) {
            addFiles(dir, relDir, out, Optional.empty());
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

    private void addFiles(Path dir, String rel, Map<String, Stat> out, Optional<Day> day) {
        for (Path p : list(dir)) {
            String path = rel + "/" + p.getFileName();
            if (formatters.indexed(path) && (day.isEmpty() || Source.of(path).day().equals(day))) {
                stat(p).ifPresent(s -> out.put(path, s)); // the listed path: no re-resolving from the root
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
