package dev.engram.observe.ingest;

import dev.engram.journal.Day;
import dev.engram.journal.Journal;
import dev.engram.journal.SegmentKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Uploads that could not become a segment (every key of the collision walk was taken: the 507 answer), kept as the
 * reference keeps them, in {@code apps/observers/failed/<day>/<segment>/<ms>/} (the answer's {@code failed_path}).
 * Bounded: past {@link #MAX_KEPT} kept uploads the oldest are removed, each with a warning. Thread-safe.
 */
final class FailedUploads {
    static final int MAX_KEPT = 50;
    static final String DIR = "failed";
    private static final Logger LOG = LoggerFactory.getLogger(FailedUploads.class);
    private final Journal journal;

    FailedUploads(Journal journal) {
        this.journal = journal;
    }

    /** Moves the upload's staged files into the failed area; returns their folder, journal-relative. */
    synchronized String keep(StagedUpload up, Day day, SegmentKey key) {
        long ms = System.currentTimeMillis();
        String at;
        while (true) {
            try {
                at = up.setAside(DIR, day.key(), key.key(), Long.toString(ms));
                break;
            } catch (dev.engram.journal.JournalException e) {
                if (!Files.exists(journal.appStorage(KeyStore.APP).resolve(DIR).resolve(day.key())
                        .resolve(key.key()).resolve(Long.toString(ms)), LinkOption.NOFOLLOW_LINKS)) {
                    throw e;
                }
                ms++; // two failures of the same segment in one millisecond
            }
        }
        LOG.warn("observer {}: upload of {}/{} kept in {}: no free segment key near it", up.observer().prefix(),
                day.key(), key.key(), at);
        prune();
        return at;
    }

    /** The kept uploads, oldest first. */
    List<Path> all() {
        Path top = journal.appStorage(KeyStore.APP).resolve(DIR);
        List<Path> out = new ArrayList<>();
        if (!Files.isDirectory(top, LinkOption.NOFOLLOW_LINKS)) {
            return out;
        }
        try (Stream<Path> s = Files.find(top, 3, (p, a) -> a.isDirectory() && top.relativize(p).getNameCount() == 3)) {
            s.forEach(out::add);
        } catch (IOException e) {
            LOG.warn("cannot list the failed uploads in {}: {}", journal.relativize(top), e.getMessage());
        }
        out.sort(Comparator.comparingLong(FailedUploads::ms));
        return out;
    }

    private static long ms(Path p) {
        try {
            return Long.parseLong(p.getFileName().toString());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private void prune() {
        List<Path> all = all();
        for (int i = 0; i < all.size() - MAX_KEPT; i++) {
            Path old = all.get(i);
            try (Stream<Path> s = Files.walk(old)) {
                for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
                LOG.warn("removed the oldest kept failed upload {} (more than {} are kept)",
                        journal.relativize(old), MAX_KEPT);
            } catch (IOException e) {
                LOG.warn("cannot remove the old failed upload {}: {}", journal.relativize(old), e.getMessage());
            }
        }
    }
}
