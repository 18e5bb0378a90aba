package dev.engram.observe.ingest;

import dev.engram.journal.Journal;
import dev.engram.journal.JournalException;
import dev.engram.observe.api.IngestException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
    /**
     * App and folder of each place solstone keeps observer records, the newer first: after solstone's migration a
     * record may be in both, and the newer one's name and history are taken (a revoke or disable in either holds).
     */
    private static final List<List<String>> PLACES = List.of(List.of("observer", "observers"),
            List.of("remote", "remotes"));

    /**
     * A solstone observer to adopt: the Engram record, the app and folder of each of its records (the newer first),
     * its record files (journal-relative, for the owner's message), and its {@code last_seen} in milliseconds (0 when
     * none).
     */
    record Found(KeyStore.Rec rec, List<List<String>> places, List<String> files, long lastSeen) {
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
                try {
                    Optional<String> text = journal.withWarnings(w -> { }).readAppFile(place.get(0), place.get(1),
                            name);
                    if (text.isPresent() && KEY.matcher(JSON.readTree(text.get()).path("key").asString("")).matches()) {
                        files.add(file(place, name));
                    }
                } catch (RuntimeException e) {
                    // not JSON, a link out of the journal, unreadable: the start's warning names it
                }
            }
        }
        return files;
    }

    /**
     * The solstone records whose key prefix {@code known} does not hold, each prefix once: the newer place's record,
     * revoked or disabled when the other record of the same key says so.
     */
    static List<Found> find(Journal journal, Predicate<String> known) {
        Map<String, Found> found = new LinkedHashMap<>();
        for (List<String> place : PLACES) {
            for (String name : names(journal, NAME, place.get(0), place.get(1))) {
                String prefix = name.substring(0, name.length() - ".json".length());
                if (known.test(prefix)) {
                    continue;
                }
                read(journal, place, name, prefix, file(place, name))
                        .ifPresent(f -> found.merge(prefix, f, LegacyObservers::both));
            }
        }
        return List.copyOf(found.values());
    }

    /** A record's file, journal-relative. */
    private static String file(List<String> place, String name) {
        return "apps/" + place.get(0) + "/" + place.get(1) + "/" + name;
    }

    /** The first record of a key, revoked or disabled when the second says so. */
    private static Found both(Found first, Found second) {
        KeyStore.Rec a = first.rec();
        KeyStore.Rec b = second.rec();
        boolean revoked = a.revoked() || b.revoked();
        long revokedAt = Math.max(a.revokedAt(), b.revokedAt());
        List<List<String>> places = new ArrayList<>(first.places());
        places.addAll(second.places());
        List<String> files = new ArrayList<>(first.files());
        files.addAll(second.files());
        return new Found(new KeyStore.Rec(a.prefix(), a.name(), a.keySha256(), Math.min(a.createdAt(), b.createdAt()),
                a.enabled() && b.enabled(), revoked, revoked ? revokedAt : 0), List.copyOf(places), List.copyOf(files),
                Math.max(first.lastSeen(), second.lastSeen()));
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
        int copied = 0;
        for (List<String> place : f.places()) {
            for (String day : names(journal, DAY, place.get(0), place.get(1), prefix, "hist")) {
                try {
                    if (journal.readAppFile(KeyStore.APP, KeyStore.DIR, prefix, "hist", day).isPresent()) {
                        continue;
                    }
                    Optional<String> text = journal.readAppFile(place.get(0), place.get(1), prefix, "hist", day);
                    if (text.isPresent()) {
                        journal.writeAppFile(KeyStore.APP, text.get(), KeyStore.DIR, prefix, "hist", day);
                        copied++;
                    }
                } catch (JournalException e) {
                    LOG.warn("skipped the upload history apps/{}/{}/{}/hist/{} of the solstone observer '{}': {};"
                            + " its sync check will not list that day's segments", place.get(0), place.get(1),
                            prefix, day, f.rec().name(), e.getMessage());
                }
            }
        }
        if (copied > 0) {
            LOG.info("copied {} day(s) of upload history of the solstone observer '{}' ({})", copied,
                    f.rec().name(), prefix);
        }
        // when it was last seen, as Engram's counters keep it (the list then says "seen 2 h ago", not "never seen")
        if (f.lastSeen() > 0 && journal.readAppFile(KeyStore.APP, KeyStore.DIR, prefix + ".stats.json").isEmpty()) {
            journal.writeAppFile(KeyStore.APP, JSON.createObjectNode().put("last_seen", f.lastSeen()).toPrettyString()
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
        } catch (IOException | UncheckedIOException e) {
            LOG.warn("skipped the solstone observer records in {}: cannot list it ({})", journal.relativize(dir),
                    e.getMessage());
            return List.of();
        }
    }

    private static Optional<Found> read(Journal journal, List<String> place, String name, String prefix,
                                        String file) {
        Optional<String> text;
        try {
            text = journal.readAppFile(place.get(0), place.get(1), name);
        } catch (JournalException e) { // a link out of the journal, unreadable
            LOG.warn("skipped the solstone observer record {}: {}; its observer must register again", file,
                    e.getMessage());
            return Optional.empty();
        }
        if (text.isEmpty()) {
            return Optional.empty(); // the journal's reader has said why (too large, not a regular file)
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
        String label;
        try {
            label = IngestService.observerName(o.path("name").asString(""));
        } catch (IngestException e) { // blank, too long, or with hidden characters: as an owner could not name it
            label = prefix;
        }
        KeyStore.Rec rec = new KeyStore.Rec(prefix, label, KeyStore.sha256(key),
                millis(o.path("created_at"), now), o.path("enabled").asBoolean(true), revoked,
                revoked ? millis(o.path("revoked_at"), now) : 0);
        return Optional.of(new Found(rec, List.of(place), List.of(file), millis(o.path("last_seen"), 0)));
    }

    /**
     * A time as solstone writes it, seconds or milliseconds since the epoch; {@code otherwise} when it is neither, or
     * later than now (a clock that was wrong would keep the observer "connected" for good).
     */
    static long millis(JsonNode t, long otherwise) {
        if (!t.isNumber() || !(t.asDouble() > 0)) {
            return otherwise;
        }
        double v = t.asDouble();
        double ms = v < 1e11 ? v * 1000 : v;
        return ms > System.currentTimeMillis() ? otherwise : (long) ms;
    }
}
