package dev.engram.observe.ingest;

import dev.engram.journal.Day;
import dev.engram.journal.Journal;
import dev.engram.journal.SegmentKey;
import dev.engram.observe.api.FailedUpload;
import dev.engram.observe.api.Observers;
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
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Uploads that could not become a segment (every key of the collision walk was taken: the 507 answer), kept as the
 * reference keeps them, in {@code apps/observers/failed/<day>/<segment>/<ms>/} (the answer's {@code failed_path}).
 * Bounded: past {@link #MAX_KEPT} kept uploads the oldest are removed, each with a warning. Thread-safe.
 */
final class FailedUploads {
    static final int MAX_KEPT = 50;
    static final String DIR = "failed";
    static final String FAILED_LOG = "failed.jsonl";
    private static final JsonMapper JSON = JsonMapper.builder().build();
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
        note(up, day, key, at, ms);
        prune();
        return at;
    }

    /**
     * Appends what was kept, and why, to the observer's {@code observers/<prefix>/failed.jsonl} (fsynced), the list the
     * Observers app shows. A failure is logged: the files are kept and the 507 answer names them all the same.
     */
    private void note(StagedUpload up, Day day, SegmentKey key, String at, long ms) {
        ObjectNode line = History.object();
        line.put("ts", ms);
        line.put("day", day.key());
        line.put("segment", key.key());
        line.put("failed_path", at);
        long bytes = 0;
        var files = line.putArray("files");
        for (var f : up.files()) {
            files.addObject().put("name", f.name()).put("size", f.size()).put("sha256", f.sha256());
            bytes += f.size();
        }
        line.put("bytes", bytes);
        line.put("reason", "segment " + key.key() + " and every key the collision walk tried near it already exist on "
                + day.key() + ", so the files could not become a segment; they are kept here, never lost");
        try {
            journal.appendAppLine(KeyStore.APP, line, KeyStore.DIR, up.observer().prefix(), FAILED_LOG);
        } catch (RuntimeException e) {
            LOG.warn("observer {}: the failed upload kept in {} could not be noted in its list: {}",
                    up.observer().prefix(), at, e.getMessage());
        }
    }

    /** One observer's failed uploads, newest first (at most {@link Observers#MAX_FAILED_LISTED}). */
    List<FailedUpload> of(String prefix) {
        List<FailedUpload> out = new ArrayList<>();
        String text = journal.readAppFile(KeyStore.APP, KeyStore.DIR, prefix, FAILED_LOG).orElse("");
        String[] lines = text.split("\n");
        for (int i = lines.length - 1; i >= 0 && out.size() < Observers.MAX_FAILED_LISTED; i--) {
            if (lines[i].isBlank()) {
                continue;
            }
            try {
                JsonNode n = JSON.readTree(lines[i]);
                String at = n.path("failed_path").asString("");
                List<String> names = new ArrayList<>();
                n.path("files").forEach(f -> names.add(f.path("name").asString("")));
                boolean kept = at.startsWith("apps/" + KeyStore.APP + "/" + DIR + "/") && !at.contains("..")
                        && Files.isDirectory(journal.root().resolve(at), LinkOption.NOFOLLOW_LINKS);
                out.add(new FailedUpload(n.path("day").asString(""), n.path("segment").asString(""),
                        n.path("ts").asLong(0), n.path("bytes").asLong(0), names, at, n.path("reason").asString(""),
                        kept));
            } catch (RuntimeException e) { // a torn last line from a crash
                LOG.warn("skipped an unreadable line in the failed uploads of observer {}", prefix);
            }
        }
        return out;
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
