package dev.engram.apps.imports;

import dev.engram.journal.Journal;
import dev.engram.journal.JournalException;
import dev.engram.journal.OutsideJournalException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where an upload is buffered while Jetty's multipart parser streams it to disk: inside the journal, in the app's
 * hidden {@code apps/imports/.staging/<pid>-<start>/} (never the system temp folder, so nothing outside the journal's
 * real path is written). The folder is this process's own; {@link #open} removes the folders of processes that are no
 * longer running (what a crash left, like the journal's own staging recovery) and refuses a folder that leads outside
 * the journal. The parser deletes its file when the request ends; the import is acknowledged only once the importer
 * stored its own fsynced copy in {@code imports/<id>/}.
 */
final class UploadStaging {
    static final String DIR = ".staging";
    private static final Logger LOG = LoggerFactory.getLogger(UploadStaging.class);
    private static final Pattern PROCESS_DIR = Pattern.compile("(\\d+)-(\\d+)");
    private final Path dir;

    private UploadStaging(Path dir) {
        this.dir = dir;
    }

    /** This process's upload folder, created, after removing the leftovers of processes that are gone. */
    static UploadStaging open(Journal journal) {
        Path root = journal.appStorage("imports").resolve(DIR);
        ProcessHandle self = ProcessHandle.current();
        String mine = self.pid() + "-" + startMillis(self);
        try {
            Files.createDirectories(root);
            Path real = journal.root().toRealPath();
            if (Files.isSymbolicLink(root) || !root.toRealPath().startsWith(real)) {
                throw new OutsideJournalException(journal.relativize(root), "refusing " + journal.relativize(root)
                        + " for uploads: it leads outside the journal (" + real + "); remove the link");
            }
            List<String> removed = new ArrayList<>();
            try (Stream<Path> s = Files.list(root)) {
                for (Path p : s.toList()) {
                    String n = p.getFileName().toString();
                    if (!n.equals(mine) && !running(n)) {
                        removeTree(p);
                        removed.add(n);
                    }
                }
            }
            if (!removed.isEmpty()) {
                LOG.warn("removed {} upload leftover(s) of stopped processes from {}: {}", removed.size(),
                        journal.relativize(root), removed);
            }
            Path dir = root.resolve(mine);
            Files.createDirectories(dir);
            return new UploadStaging(dir);
        } catch (IOException e) {
            throw new JournalException("cannot prepare the upload folder " + journal.relativize(root) + ": " + e
                    + "; check that the journal folder is writable", e);
        }
    }

    /** The folder the multipart parser writes to. */
    Path dir() {
        return dir;
    }

    private static void removeTree(Path p) throws IOException {
        if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
            try (Stream<Path> s = Files.list(p)) {
                for (Path c : s.toList()) {
                    removeTree(c);
                }
            }
        }
        Files.deleteIfExists(p);
    }

    /** Whether a folder name belongs to a process that is still running (same pid and start time). */
    private static boolean running(String name) {
        Matcher m = PROCESS_DIR.matcher(name);
        if (!m.matches()) {
            return false;
        }
        Optional<ProcessHandle> h;
        try {
            h = ProcessHandle.of(Long.parseLong(m.group(1)));
        } catch (NumberFormatException e) {
            return false;
        }
        return h.isPresent() && h.get().isAlive() && Long.toString(startMillis(h.get())).equals(m.group(2));
    }

    private static long startMillis(ProcessHandle h) {
        return h.info().startInstant().map(i -> i.toEpochMilli()).orElse(0L);
    }
}
