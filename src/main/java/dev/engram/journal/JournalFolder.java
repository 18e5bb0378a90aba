package dev.engram.journal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Whether a folder is a journal, judged by its entries before anything is opened or written: {@code engram demo}
 * uses it to refuse foreign folders, {@code engram status} to refuse scanning one (such as {@code /etc}).
 */
public final class JournalFolder {
    /** What a folder holds. */
    public enum Kind {
        /** Missing, empty, or holding only empty folders: nothing to lose. */
        FREE,
        /** A journal (Engram or solstone): {@code config/journal.json}, or only journal entries anchored by one. */
        JOURNAL,
        /** A file, or a folder with content that is not a journal. */
        FOREIGN
    }

    private static final Set<String> JOURNAL_ENTRIES = Set.of("config", "facets", "agents", "apps", "imports",
            "tokens", "indexer", "indexes", "health", "task_log.txt", "summary.md", "stats.json", "streams", "entities",
            "chronicle", "talents", "identity", "awareness", "reflections");

    private JournalFolder() {
    }

    public static Kind classify(Path root) {
        if (!Files.exists(root)) {
            return Kind.FREE;
        }
        if (!Files.isDirectory(root)) {
            return Kind.FOREIGN;
        }
        List<Path> entries = list(root);
        if (entries.isEmpty() || holdsNoFile(root)) {
            return Kind.FREE;
        }
        boolean hasConfig = Files.isRegularFile(root.resolve("config").resolve("journal.json"));
        boolean allJournal = entries.stream().allMatch(JournalFolder::isJournalEntry);
        boolean anchored = entries.stream().map(JournalFolder::name)
                .anyMatch(n -> n.equals("config") || n.equals("facets") || isDay(n));
        return hasConfig || allJournal && anchored ? Kind.JOURNAL : Kind.FOREIGN;
    }

    /** Whether a folder entry belongs to the journal layout (known names, day folders, hidden temp entries). */
    public static boolean isJournalEntry(Path p) {
        String n = name(p);
        return JOURNAL_ENTRIES.contains(n) || isDay(n) || n.startsWith(".");
    }

    /**
     * Only folders and hidden temp files, no visible file at any depth (what a run killed right after creating its
     * folders leaves).
     */
    private static boolean holdsNoFile(Path root) {
        try (Stream<Path> all = Files.walk(root, 4)) {
            return all.allMatch(p -> Files.isDirectory(p) || name(p).startsWith("."));
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static boolean isDay(String n) {
        return n.length() == 8 && n.chars().allMatch(Character::isDigit);
    }

    private static String name(Path p) {
        return p.getFileName().toString();
    }

    private static List<Path> list(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        } catch (IOException e) {
            throw new JournalException("cannot list " + dir + ": " + DurableFiles.describe(e)
                    + "; check the folder's permissions", e);
        }
    }
}
