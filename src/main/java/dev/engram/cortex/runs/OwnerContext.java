package dev.engram.cortex.runs;

import dev.engram.journal.Facet;
import dev.engram.journal.Identity;
import dev.engram.journal.Journal;
import dev.engram.journal.JournalException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

/**
 * What every run's instructions say about the owner: the identity ({@code config/journal.json}) and the facets
 * ({@code facets/<name>/facet.json}), read again only when one of those files changed. Each call compares the files'
 * stamps (file key, modified time, size: a {@code stat} each, a few microseconds; a file modified in the last
 * {@link #SETTLED_MS} has none, so it is read again) with the last read's, so an edit
 * through Engram or by hand counts at the next run, as when they were read for every run. Thread-safe; a failed read
 * is not kept.
 */
final class OwnerContext {
    /** The owner's identity and facets as last read, with the stamps of the files they came from. */
    record Snapshot(Identity identity, List<Facet> facets, String facetsProblem, List<String> folders,
                    List<Object> stamps) {
    }

    /** How old a file's modification must be for its stamp to identify its content. */
    static final long SETTLED_MS = 2_000;
    private final Journal journal;
    private final Path config;
    private final Path facetsDir;
    private volatile Snapshot last;

    OwnerContext(Journal journal) {
        this.journal = journal;
        this.config = journal.root().resolve("config").resolve("journal.json");
        this.facetsDir = journal.root().resolve("facets");
    }

    Snapshot now() {
        Snapshot s = last;
        if (s != null && s.stamps().equals(stamps(s.folders()))) {
            return s;
        }
        // stamped before reading: an edit during the read changes a stamp, so the next run reads again
        List<String> folders = folders();
        List<Object> before = stamps(folders);
        Identity id;
        try {
            id = journal.config().identity();
        } catch (JournalException e) {
            id = Identity.named("");
        }
        List<Facet> facets = List.of();
        String problem = null;
        try {
            facets = List.copyOf(journal.facets());
        } catch (JournalException e) {
            problem = e.getMessage();
        }
        Snapshot fresh = new Snapshot(id, facets, problem, folders, before);
        last = problem == null && folders != null && !before.contains(null) ? fresh : null;
        return fresh;
    }

    /** The facet folders' names (null when they cannot be listed: then nothing is kept). */
    private List<String> folders() {
        if (!Files.isDirectory(facetsDir)) {
            return List.of();
        }
        try (var list = Files.list(facetsDir)) {
            return list.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")).sorted().toList();
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** The stamps of the files a snapshot depends on: the config, the facets folder and each facet's file. */
    private List<Object> stamps(List<String> folders) {
        List<Object> out = new ArrayList<>();
        out.add(stamp(config));
        out.add(stamp(facetsDir));
        for (String f : folders == null ? List.<String>of() : folders) {
            out.add(stamp(facetsDir.resolve(f).resolve("facet.json")));
        }
        return out;
    }

    private static Object stamp(Path p) {
        try {
            BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
            // changed in the last seconds: it could change again within the file system's time granularity without
            // a new stamp ("racily clean"), so nothing read from it is kept until it has settled
            if (System.currentTimeMillis() - a.lastModifiedTime().toMillis() < SETTLED_MS) {
                return null;
            }
            return List.of(String.valueOf(a.fileKey()), a.lastModifiedTime(), a.size());
        } catch (NoSuchFileException e) {
            return "absent";
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
