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
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The indexable files of a journal with their size and mtime, from directory listings and file attributes only
 * (nothing is read, so a catch-up with nothing changed is cheap). Walks the day folders (insights and segments) and
 * {@code facets/*}; symbolic links are not followed. A folder that cannot be listed is reported and skipped.
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

    /** Journal-relative path to stat of every indexed file, or only those of {@code day}. */
    Map<String, Stat> files(Optional<Day> day) {
        Map<String, Stat> out = new TreeMap<>();
        for (Path p : list(root)) {
            String name = p.getFileName().toString();
            Optional<Day> d = Day.tryParse(name);
            if (d.isPresent() && (day.isEmpty() || day.equals(d)) && dir(p)) {
                for (Path q : list(p)) {
                    String sub = q.getFileName().toString();
                    if ((sub.equals("insights") || SegmentKey.tryParse(sub).isPresent()) && dir(q)) {
                        addFiles(q, name + "/" + sub, out, day);
                    }
                }
            }
        }
        Path facets = root.resolve("facets");
        for (Path f : dir(facets) ? list(facets) : java.util.List.<Path>of()) {
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

    /** The indexed files directly inside one journal-relative folder (a segment: {@code YYYYMMDD/HHMMSS_LEN}). */
    Map<String, Stat> filesIn(String relDir) {
        Map<String, Stat> out = new TreeMap<>();
        Path dir = root.resolve(relDir);
        if (dir(dir)) {
            addFiles(dir, relDir, out, Optional.empty());
        }
        return out;
    }

    /** The stat of one journal-relative file, empty when it is not a regular file (gone, a folder, a link). */
    Optional<Stat> stat(String rel) {
        try {
            BasicFileAttributes a = Files.readAttributes(root.resolve(rel), BasicFileAttributes.class,
                    LinkOption.NOFOLLOW_LINKS);
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
                stat(path).ifPresent(s -> out.put(path, s));
            }
        }
    }

    private static boolean dir(Path p) {
        return Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS);
    }

    private java.util.List<Path> list(Path dir) {
        java.util.List<Path> out = new java.util.ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            ds.forEach(out::add);
        } catch (NoSuchFileException e) {
            // nothing there
        } catch (IOException e) {
            warnings.accept("skipped " + root.relativize(dir) + " while indexing: cannot list it (" + e + ")");
        }
        return out;
    }
}
