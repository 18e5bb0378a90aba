package dev.engram.observe.ingest;

import dev.engram.journal.Journal;
import dev.engram.journal.JournalException;
import dev.engram.observe.api.IngestException;
import dev.engram.observe.api.KeyCheck;
import dev.engram.observe.api.Observer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The observers' key records, {@code apps/observers/observers/<prefix>.json} ({@code prefix} = the key's first 8
 * characters): name, SHA-256 of the key (never the key), created, enabled, revoked. Written atomically through the
 * journal. Requests read an immutable in-memory snapshot, swapped in one volatile write after each durable change, so a
 * concurrent upload never sees a half-written record (the reference's spurious 401s). A record changed by another
 * process (the {@code engram observer} command) is noticed at the next request for that prefix: its file's identity
 * and modification time are compared with the snapshot's (one stat per request). At start, the observers a solstone
 * journal already has are taken from its records ({@link LegacyObservers}).
 */
final class KeyStore {
    static final String APP = "observers";
    static final String DIR = "observers";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final SecureRandom RANDOM = new SecureRandom();
    private final Journal journal;
    private final Object writes = new Object();
    private final Path dir;
    private volatile Map<String, Entry> snapshot = Map.of();

    /** A record and the file stamp it was read at. */
    record Entry(Rec rec, String stamp) {
    }

    /** The stored fields of one observer. */
    record Rec(String prefix, String name, String keySha256, long createdAt, boolean enabled, boolean revoked,
               long revokedAt) {
        ObjectNode encode() {
            ObjectNode o = JSON.createObjectNode();
            o.put("prefix", prefix);
            o.put("name", name);
            o.put("key_sha256", keySha256);
            o.put("created_at", createdAt);
            o.put("enabled", enabled);
            o.put("revoked", revoked);
            o.put("revoked_at", revokedAt);
            return o;
        }

        static Rec decode(JsonNode o) {
            return new Rec(o.path("prefix").asString(""), o.path("name").asString(""),
                    o.path("key_sha256").asString(""), o.path("created_at").asLong(0),
                    o.path("enabled").asBoolean(true), o.path("revoked").asBoolean(false),
                    o.path("revoked_at").asLong(0));
        }
    }

    KeyStore(Journal journal) {
        this.journal = journal;
        this.dir = journal.appStorage(APP).resolve(DIR);
        reloadAll();
        adoptLegacy();
    }

    /** Takes the observers of a solstone journal whose keys this store does not know yet ({@link LegacyObservers}). */
    private void adoptLegacy() {
        synchronized (writes) {
            for (LegacyObservers.Found f : LegacyObservers.find(journal, snapshot::containsKey)) {
                Rec r = f.rec();
                reloadOne(r.prefix()); // another process (a running Engram, the CLI) may have taken it meanwhile
                if (snapshot.containsKey(r.prefix())) {
                    continue;
                }
                try {
                    LegacyObservers.copyActivity(journal, f);
                    write(r);
                } catch (JournalException e) {
                    org.slf4j.LoggerFactory.getLogger(KeyStore.class).warn("could not take the solstone observer"
                            + " '{}' from {}: {}; it must register again", r.name(), String.join(" and ", f.files()),
                            e.getMessage());
                    continue;
                }
                org.slf4j.LoggerFactory.getLogger(KeyStore.class).warn("took the solstone observer '{}' (key prefix"
                        + " {}) from {}: {}. {} the key in plain text (solstone's format): remove {} when solstone no"
                        + " longer runs on this journal", r.name(), r.prefix(), String.join(" and ", f.files()),
                        r.revoked() ? "revoked there, revoked here" : r.enabled() ? "it uploads with the key it has"
                                : "disabled there, disabled here", f.files().size() == 1 ? "That file still holds"
                                : "Those files still hold", f.files().size() == 1 ? "it" : "them");
            }
        }
    }

    /** 32 random bytes, url-safe base64 without padding: 43 characters, as the reference's keys. */
    static String newKey() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    static String sha256(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is not available in this JDK", e);
        }
    }

    /** A record just created and its key. */
    record Created(Rec rec, String key) {
        @Override
        public String toString() {
            return "Created[" + rec.prefix() + "]";
        }
    }

    /**
     * Creates a record; with {@code unique}, refuses (409 {@code name_taken}) a name an observer not revoked has,
     * compared without case. Checked and written under one lock, so two creations in this process never both pass.
     */
    Created create(String name, boolean unique) {
        synchronized (writes) {
            reloadAll();
            if (unique) {
                Optional<Rec> taken = snapshot.values().stream().map(Entry::rec).filter(r -> !r.revoked()
                        && Normalizer.normalize(r.name(), Normalizer.Form.NFKC).strip().equalsIgnoreCase(name))
                        .min(java.util.Comparator.comparing(Rec::prefix));
                if (taken.isPresent()) {
                    throw new IngestException(409, "Name taken", "name_taken", "an observer named '"
                            + taken.get().name() + "' already exists (key prefix " + taken.get().prefix()
                            + "): revoke it first, or choose another name");
                }
            }
            String key;
            do {
                key = newKey();
            } while (snapshot.containsKey(key.substring(0, 8)) || key.startsWith("-"));
            Rec rec = new Rec(key.substring(0, 8), name, sha256(key), System.currentTimeMillis(), true, false, 0);
            write(rec);
            return new Created(rec, key);
        }
    }

    /** A record after a change, and whether the change changed it (else nothing was written). */
    record Changed(Rec rec, boolean changed) {
    }

    Optional<Changed> change(String prefix, UnaryOperator<Rec> change) {
        synchronized (writes) {
            reloadAll();
            Optional<Rec> found = match(prefix);
            if (found.isEmpty()) {
                return Optional.empty();
            }
            Rec next = change.apply(found.get());
            boolean changed = !next.equals(found.get()); // asked again (revoke twice): nothing to write
            if (changed) {
                write(next);
            }
            return Optional.of(new Changed(next, changed));
        }
    }

    /**
     * The record whose prefix starts with {@code prefix} (4 to 8 characters), if exactly one does; or the record of a
     * whole key given instead (43 characters, checked against its hash). Anything longer than a prefix that is not
     * such a key names no observer: a mistyped key must not act on the observer its first 8 characters happen to name.
     */
    Optional<Rec> match(String prefix) {
        if (prefix == null || prefix.length() < 4) {
            return Optional.empty();
        }
        if (prefix.length() > 8) {
            Entry e = prefix.length() == 43 ? snapshot.get(prefix.substring(0, 8)) : null;
            return e != null && MessageDigest.isEqual(HexFormat.of().parseHex(e.rec().keySha256()),
                    HexFormat.of().parseHex(sha256(prefix))) ? Optional.of(e.rec()) : Optional.empty();
        }
        List<Rec> hits = snapshot.values().stream().map(Entry::rec).filter(r -> r.prefix().startsWith(prefix))
                .toList();
        return hits.size() == 1 ? Optional.of(hits.get(0)) : Optional.empty();
    }

    List<Rec> all() {
        reloadAll();
        return snapshot.values().stream().map(Entry::rec).toList();
    }

    /** The records known now, without a look at the disk (for the pipeline's per-segment events). */
    List<Rec> known() {
        return snapshot.values().stream().map(Entry::rec).toList();
    }

    /** Checks a key: the record of its prefix, fresh from disk when its file changed, then a constant-time compare. */
    KeyCheck.Status check(String key, java.util.function.Function<Rec, Observer> view, Observer[] out) {
        if (key == null || key.length() != 43) {
            return KeyCheck.Status.UNKNOWN;
        }
        String prefix = key.substring(0, 8);
        Entry e = current(prefix);
        if (e == null) {
            return KeyCheck.Status.UNKNOWN;
        }
        byte[] want = HexFormat.of().parseHex(e.rec().keySha256());
        byte[] given = HexFormat.of().parseHex(sha256(key));
        if (!MessageDigest.isEqual(want, given)) {
            return KeyCheck.Status.UNKNOWN;
        }
        out[0] = view.apply(e.rec());
        if (e.rec().revoked()) {
            return KeyCheck.Status.REVOKED;
        }
        return e.rec().enabled() ? KeyCheck.Status.OK : KeyCheck.Status.DISABLED;
    }

    /** The snapshot's entry of a prefix, reloaded when its file's stamp differs (changed by another process). */
    private Entry current(String prefix) {
        if (!validPrefix(prefix)) {
            return null;
        }
        Entry e = snapshot.get(prefix);
        String stamp = stamp(file(prefix));
        if (e != null && e.stamp().equals(stamp)) {
            return e;
        }
        synchronized (writes) {
            reloadOne(prefix);
            return snapshot.get(prefix);
        }
    }

    private static boolean validPrefix(String p) {
        return p.chars().allMatch(c -> Character.isLetterOrDigit(c) && c < 128 || c == '-' || c == '_')
                && !p.startsWith("-");
    }

    private void write(Rec rec) {
        journal.writeAppFile(APP, rec.encode().toPrettyString() + "\n", DIR, rec.prefix() + ".json");
        reloadOne(rec.prefix());
    }

    private void reloadOne(String prefix) {
        Map<String, Entry> next = new HashMap<>(snapshot);
        read(prefix).ifPresentOrElse(e -> next.put(prefix, e), () -> next.remove(prefix));
        snapshot = Map.copyOf(next);
    }

    private void reloadAll() {
        synchronized (writes) {
            Map<String, Entry> next = new HashMap<>();
            List<String> names = new ArrayList<>();
            if (Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                try (var s = Files.list(dir)) {
                    s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json") && !n.contains(".stats."))
                            .forEach(names::add);
                } catch (IOException e) {
                    throw new JournalException("cannot list " + journal.relativize(dir) + ": " + e.getMessage(), e);
                }
            }
            for (String n : names) {
                String prefix = n.substring(0, n.length() - 5);
                if (prefix.length() == 8 && validPrefix(prefix)) {
                    read(prefix).ifPresent(e -> next.put(prefix, e));
                }
            }
            snapshot = Map.copyOf(next);
        }
    }

    private Optional<Entry> read(String prefix) {
        String stamp = stamp(file(prefix));
        return journal.readAppFile(APP, DIR, prefix + ".json").flatMap(text -> {
            try {
                Rec r = Rec.decode(JSON.readTree(text));
                return r.prefix().equals(prefix) && r.keySha256().length() == 64 ? Optional.of(new Entry(r, stamp))
                        : Optional.empty();
            } catch (RuntimeException e) {
                org.slf4j.LoggerFactory.getLogger(KeyStore.class).warn("skipped observer record {}: not a valid"
                        + " record ({}); fix or remove the file", prefix + ".json", e.getMessage());
                return Optional.empty();
            }
        });
    }

    private Path file(String prefix) {
        return dir.resolve(prefix + ".json");
    }

    private static String stamp(Path file) {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            return a.fileKey() + "/" + a.lastModifiedTime().toMillis() + "/" + a.size();
        } catch (IOException e) {
            return "absent";
        }
    }
}
