package dev.engram.observe.ingest;

import dev.engram.journal.Journal;
import dev.engram.journal.JournalException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The observers a solstone journal already has: their records in {@code apps/remote/remotes/<prefix>.json} (SEED) and
 * {@code apps/observer/observers/<prefix>.json} (after solstone's migration), which hold each key in plain text. A
 * record whose key Engram's {@link KeyStore} does not know yet becomes an Engram record (the key's SHA-256, the name,
 * enabled and revoked as the record says), so an observer set up under solstone uploads with the key it has. The
 * files are only read, never changed: solstone may still run on the journal. A record that cannot be taken (no key, a
 * key that does not name its file, unreadable JSON) is a named warning.
 *
 * <p>Called by {@link KeyStore} under its write lock, at start; solstone records made while Engram runs are taken at
 * its next start.
 */
final class LegacyObservers {
    private static final Logger LOG = LoggerFactory.getLogger(LegacyObservers.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_-]{43}");
    /** A record's file: the key's first 8 characters, or 16 hex digits of a certificate's fingerprint. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_-]{7,15}\\.json");
    /** App and folder of each place solstone keeps observer records, in the order they are read. */
    private static final List<List<String>> PLACES = List.of(List.of("remote", "remotes"),
            List.of("observer", "observers"));

    /** A solstone record to adopt: the Engram record and the file it comes from (for the owner's message). */
    record Found(KeyStore.Rec rec, String file) {
    }

    private LegacyObservers() {
    }

    /** The solstone records whose key prefix {@code known} does not hold, first place first, each prefix once. */
    static List<Found> find(Journal journal, Predicate<String> known) {
        List<Found> found = new ArrayList<>();
        for (List<String> place : PLACES) {
            for (String name : names(journal, place.get(0), place.get(1))) {
                String prefix = name.substring(0, name.length() - ".json".length());
                if (known.test(prefix) || found.stream().anyMatch(f -> f.rec().prefix().equals(prefix))) {
                    continue;
                }
                String file = "apps/" + place.get(0) + "/" + place.get(1) + "/" + name;
                read(journal, place, name, prefix, file).ifPresent(r -> found.add(new Found(r, file)));
            }
        }
        return found;
    }

    private static List<String> names(Journal journal, String app, String folder) {
        Path dir = journal.appStorage(app).resolve(folder);
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return List.of();
        }
        try (var s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString())
                    .filter(n -> NAME.matcher(n).matches()).sorted().toList();
        } catch (IOException e) {
            throw new JournalException("cannot list " + journal.relativize(dir) + ": " + e.getMessage(), e);
        }
    }

    private static Optional<KeyStore.Rec> read(Journal journal, List<String> place, String name, String prefix,
                                               String file) {
        Optional<String> text = journal.readAppFile(place.get(0), place.get(1), name);
        if (text.isEmpty()) {
            return Optional.empty(); // the journal's reader has said why (too large, unreadable, a symlink)
        }
        JsonNode o;
        try {
            o = JSON.readTree(text.get());
        } catch (RuntimeException e) {
            LOG.warn("skipped the solstone observer record {}: not JSON ({}); its observer must register again",
                    file, e.getMessage().lines().findFirst().orElse(""));
            return Optional.empty();
        }
        String key = o.path("key").asString("");
        if (!KEY.matcher(key).matches() || !key.startsWith(prefix) || prefix.length() != 8) {
            LOG.warn("skipped the solstone observer record {}: it holds no 43-character key starting with {} (a"
                    + " paired-device certificate, which Engram does not take); its observer must register again",
                    file, prefix);
            return Optional.empty();
        }
        long now = System.currentTimeMillis();
        boolean revoked = o.path("revoked").asBoolean(false);
        return Optional.of(new KeyStore.Rec(prefix, o.path("name").asString(prefix), KeyStore.sha256(key),
                millis(o.path("created_at"), now), o.path("enabled").asBoolean(true), revoked,
                revoked ? millis(o.path("revoked_at"), now) : 0));
    }

    /** A time as solstone writes it, seconds or milliseconds since the epoch; {@code otherwise} when it is neither. */
    static long millis(JsonNode t, long otherwise) {
        if (!t.isNumber() || t.asDouble() <= 0) {
            return otherwise;
        }
        double v = t.asDouble();
        return (long) (v < 1e11 ? v * 1000 : v);
    }
}
