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
 * enabled and revoked as the record says), so an observer set up under solstone uploads with the key it has, and its
 * upload history and when it was last seen are copied beside Engram's, so its sync check lists what solstone
 * received. The files are only read, never changed: solstone may still run on the journal. A record that cannot be
 * taken (no key, a key that does not name its file, unreadable JSON) is a named warning.
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
    private static final Pattern DAY = Pattern.compile("\\d{8}\\.jsonl");
    /** App and folder of each place solstone keeps observer records, in the order they are read. */
    private static final List<List<String>> PLACES = List.of(List.of("remote", "remotes"),
            List.of("observer", "observers"));

    /**
     * A solstone record to adopt: the Engram record, its app and folder, its file (for the owner's message) and its
     * {@code last_seen}.
     */
    record Found(KeyStore.Rec rec, List<String> place, String file, JsonNode lastSeen) {
    }

    private LegacyObservers() {
    }

    /**
     * The solstone records that hold a key in plain text, journal-relative ({@code apps/remote/remotes/<prefix>.json}),
     * whether taken or not; reads only, says nothing (for {@code engram status}).
     */
    static List<String> keyFiles(Journal journal) {
        List<String> files = new ArrayList<>();
        for (List<String> place : PLACES) {
            for (String name : names(journal, NAME, place.get(0), place.get(1))) {
                Optional<String> text = journal.withWarnings(w -> { }).readAppFile(place.get(0), place.get(1), name);
                try {
                    if (text.isPresent() && KEY.matcher(JSON.readTree(text.get()).path("key").asString("")).matches()) {
                        files.add("apps/" + place.get(0) + "/" + place.get(1) + "/" + name);
                    }
                } catch (RuntimeException e) {
                    // not JSON: the start's warning names it
                }
            }
        }
        return files;
    }

    /** The solstone records whose key prefix {@code known} does not hold, first place first, each prefix once. */
    static List<Found> find(Journal journal, Predicate<String> known) {
        List<Found> found = new ArrayList<>();
        for (List<String> place : PLACES) {
            for (String name : names(journal, NAME, place.get(0), place.get(1))) {
                String prefix = name.substring(0, name.length() - ".json".length());
                if (known.test(prefix) || found.stream().anyMatch(f -> f.rec().prefix().equals(prefix))) {
                    continue;
                }
                String file = "apps/" + place.get(0) + "/" + place.get(1) + "/" + name;
                read(journal, place, name, prefix, file).ifPresent(found::add);
            }
        }
        return found;
    }

    /**
     * Copies the observer's upload history ({@code <prefix>/hist/<day>.jsonl} beside its record, the format Engram's
     * {@code History} keeps) into Engram's, for each day Engram has none of: the observer's sync check then lists what
     * it delivered to solstone, and it sends those segments neither again nor as new ones. Its {@code last_seen}
     * becomes Engram's counters file when there is none. Called before the key record is written, so a start cut
     * short copies again.
     */
    static void copyActivity(Journal journal, Found f) {
        String prefix = f.rec().prefix();
        List<String> days = names(journal, DAY, f.place().get(0), f.place().get(1), prefix, "hist");
        for (String day : days) {
            if (journal.readAppFile(KeyStore.APP, KeyStore.DIR, prefix, "hist", day).isPresent()) {
                continue;
            }
            journal.readAppFile(f.place().get(0), f.place().get(1), prefix, "hist", day).ifPresent(text ->
                    journal.writeAppFile(KeyStore.APP, text, KeyStore.DIR, prefix, "hist", day));
        }
        if (!days.isEmpty()) {
            LOG.info("copied {} day(s) of upload history of the solstone observer '{}' ({})", days.size(),
                    f.rec().name(), prefix);
        }
        // when it was last seen, as Engram's counters keep it (the list then says "seen 2 h ago", not "never seen")
        long lastSeen = millis(f.lastSeen(), 0);
        if (lastSeen > 0 && journal.readAppFile(KeyStore.APP, KeyStore.DIR, prefix + ".stats.json").isEmpty()) {
            journal.writeAppFile(KeyStore.APP, JSON.createObjectNode().put("last_seen", lastSeen).toPrettyString()
                    + "\n", KeyStore.DIR, prefix + ".stats.json");
        }
    }

    /** The names matching {@code pattern} in {@code apps/<parts...>} of the journal (no symbolic link on the way). */
    private static List<String> names(Journal journal, Pattern pattern, String... parts) {
        Path dir = journal.root().resolve("apps");
        for (int i = 0; ; i++) {
            if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                return List.of();
            }
            if (i == parts.length) {
                break;
            }
            dir = dir.resolve(parts[i]);
        }
        try (var s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> pattern.matcher(n).matches()).sorted().toList();
        } catch (IOException e) {
            throw new JournalException("cannot list " + journal.relativize(dir) + ": " + e.getMessage(), e);
        }
    }

    private static Optional<Found> read(Journal journal, List<String> place, String name, String prefix,
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
        String label = o.path("name").asString("").strip();
        KeyStore.Rec rec = new KeyStore.Rec(prefix, label.isEmpty() ? prefix : label, KeyStore.sha256(key),
                millis(o.path("created_at"), now), o.path("enabled").asBoolean(true), revoked,
                revoked ? millis(o.path("revoked_at"), now) : 0);
        return Optional.of(new Found(rec, place, file, o.path("last_seen")));
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
