package dev.engram.observe.ingest;

import dev.engram.journal.Journal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Each observer's upload history, {@code apps/observers/observers/<prefix>/hist/<day>.jsonl}: one fsynced line per
 * upload ({@code ts, segment, files[{submitted, written, size, sha256}], segment_original?, stream, host?,
 * platform?}) and per segment sense finished ({@code ts, type:"observed", segment}). Recently used days are cached in
 * memory (at most {@link #CACHED_DAYS}); each (observer, day) has a lock that the upload holds from its duplicate
 * check to its history line, so two uploads of the same files cannot both be stored. Writers take the day through
 * {@link #lock}, which never hands out a log that was evicted meanwhile.
 */
final class History {
    static final int CACHED_DAYS = 64;
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final Journal journal;
    private final Map<String, DayLog> days = Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, DayLog> eldest) {
            return size() > CACHED_DAYS && !eldest.getValue().lock.isLocked() && eldest.getValue().unwritten() == 0;
        }
    });

    /** One observer's day: its records and the lock of its uploads. */
    final class DayLog {
        final ReentrantLock lock = new ReentrantLock();
        private final String prefix;
        private final String day;
        private final List<ObjectNode> records;
        private final java.util.ArrayDeque<ObjectNode> pending = new java.util.ArrayDeque<>();
        /** Lines {@link #remember}ed and being written outside the lock. */
        private int writing;

        /** sha256 -> the uploads (segment and all their sha256s) that hold a file with it. */
        private final Map<String, List<Map.Entry<String, java.util.Set<String>>>> bySha = new java.util.HashMap<>();

        /** The segments this observer delivered on this day. */
        private final java.util.Set<String> delivered = new java.util.HashSet<>();

        /** The segments of this day that sense finished (an {@code observed} line). */
        private final java.util.Set<String> observed = new java.util.HashSet<>();

        private DayLog(String prefix, String day, List<ObjectNode> records) {
            this.prefix = prefix;
            this.day = day;
            this.records = records;
            records.forEach(this::index);
        }

        private void index(ObjectNode r) {
            if ("observed".equals(r.path("type").asString(""))) {
                observed.add(r.path("segment").asString(""));
                return;
            }
            if (!r.has("files")) {
                return;
            }
            delivered.add(r.path("segment").asString(""));
            java.util.Set<String> shas = new java.util.HashSet<>();
            r.get("files").forEach(f -> shas.add(f.path("sha256").asString("")));
            var entry = Map.entry(r.path("segment").asString(""), java.util.Set.copyOf(shas));
            for (String sha : shas) {
                bySha.computeIfAbsent(sha, k -> new ArrayList<>()).add(entry);
            }
        }

        /** The segment of one earlier upload that holds every one of {@code incoming}, if any. */
        synchronized java.util.Optional<String> duplicateOf(java.util.Set<String> incoming) {
            if (incoming.isEmpty()) {
                return java.util.Optional.empty();
            }
            for (var candidate : bySha.getOrDefault(incoming.iterator().next(), List.of())) {
                if (candidate.getValue().containsAll(incoming)) {
                    return java.util.Optional.of(candidate.getKey());
                }
            }
            return java.util.Optional.empty();
        }

        /** Whether this observer delivered {@code segment} on this day (without copying the records). */
        synchronized boolean delivered(String segment) {
            return delivered.contains(segment);
        }

        /** Whether this day's history already says that sense finished {@code segment}. */
        synchronized boolean observed(String segment) {
            return observed.contains(segment);
        }

        /** The upload records of segments delivered on this day that sense has not finished, oldest first. */
        synchronized List<ObjectNode> unobserved() {
            List<ObjectNode> out = new ArrayList<>();
            java.util.Set<String> seen = new java.util.HashSet<>();
            for (ObjectNode r : records) {
                String seg = r.path("segment").asString("");
                if (r.has("files") && !observed.contains(seg) && seen.add(seg)) {
                    out.add(r);
                }
            }
            return out;
        }

        synchronized List<ObjectNode> records() {
            return List.copyOf(records);
        }

        /**
         * Appends a record durably (fsynced), then to the cached list. Lines that could not be written before
         * ({@link #keepUnwritten}) are written first, in order.
         */
        void append(ObjectNode record) {
            if (!lock.isHeldByCurrentThread()) {
                throw new IllegalStateException("append to an upload history only under History.lock");
            }
            writePending();
            journal.appendAppLine(KeyStore.APP, record, KeyStore.DIR, prefix, "hist", day + ".jsonl");
            synchronized (this) {
                records.add(record);
                index(record);
            }
        }

        /**
         * Keeps a record of an upload that is already in place but whose history line could not be written: it
         * counts for duplicate checks and the sync check at once, and is written before the next line of this day
         * (or at stop). Only a crash before then loses the line (the segment itself stays).
         */
        void keepUnwritten(ObjectNode record) {
            if (!lock.isHeldByCurrentThread()) {
                throw new IllegalStateException("keep a history line only under History.lock");
            }
            synchronized (this) {
                records.add(record);
                index(record);
                pending.add(record);
            }
        }

        /** Writes the kept lines that could not be written before; throws (keeping them) when it still cannot. */
        void writePending() {
            synchronized (this) {
                while (!pending.isEmpty()) {
                    journal.appendAppLine(KeyStore.APP, pending.getFirst(), KeyStore.DIR, prefix, "hist",
                            day + ".jsonl");
                    pending.removeFirst();
                }
            }
        }

        /**
         * Records a line that needs no duplicate check (sense's {@code observed}) under the day's lock, then, after
         * {@code lock} is released, {@link #writeRemembered} writes it: the fsync no longer holds up the next upload
         * of this observer and day, and shares the journal's group commit with that upload's line. Until written the
         * log counts it as unwritten, so the log is not evicted (and reloaded without it) meanwhile.
         */
        void remember(ObjectNode record) {
            if (!lock.isHeldByCurrentThread()) {
                throw new IllegalStateException("remember a history line only under History.lock");
            }
            synchronized (this) {
                records.add(record);
                index(record);
                writing++;
            }
        }

        /**
         * Writes a line {@link #remember}ed before, outside the day's lock; it is durable (fsynced) when this returns.
         * A line that cannot be written is kept and written before the next line of this day (or at stop).
         */
        void writeRemembered(ObjectNode record) {
            if (lock.isHeldByCurrentThread()) {
                throw new IllegalStateException("write a remembered history line after unlocking History.lock");
            }
            try {
                journal.appendAppLine(KeyStore.APP, record, KeyStore.DIR, prefix, "hist", day + ".jsonl");
            } catch (RuntimeException e) {
                synchronized (this) {
                    pending.add(record);
                }
                throw e;
            } finally {
                synchronized (this) {
                    writing--;
                }
            }
        }

        synchronized int unwritten() {
            return pending.size() + writing;
        }
    }

    History(Journal journal) {
        this.journal = journal;
    }

    /**
     * The day's log, locked by the calling thread (unlock with {@code log.lock.unlock()}): the one cached, so every
     * writer of a day holds the same lock and appends to the same records. A log evicted between the lookup and the
     * lock is never returned (its records would miss what others append to the new one, and two uploads of the same
     * files could both pass the duplicate check); a locked log is never evicted.
     */
    DayLog lock(String prefix, String day) {
        String id = prefix + "/" + day;
        while (true) {
            DayLog d = day(prefix, day);
            d.lock.lock();
            synchronized (days) {
                if (days.get(id) == d) {
                    return d;
                }
            }
            d.lock.unlock();
        }
    }

    /** The day's log for reading (its records are a snapshot); write only through {@link #lock}. */
    DayLog day(String prefix, String day) {
        String id = prefix + "/" + day;
        synchronized (days) {
            DayLog d = days.get(id);
            if (d == null) {
                d = new DayLog(prefix, day, load(prefix, day));
                days.put(id, d);
            }
            return d;
        }
    }

    /** The day's records as they are on disk now, without caching them (for counting). */
    List<ObjectNode> read(String prefix, String day) {
        return load(prefix, day);
    }

    /** The size of the day's history file, or -1 when there is none. */
    long size(String prefix, String day) {
        java.nio.file.Path f = dir(prefix).resolve(day + ".jsonl");
        try {
            return java.nio.file.Files.readAttributes(f, java.nio.file.attribute.BasicFileAttributes.class,
                    java.nio.file.LinkOption.NOFOLLOW_LINKS).size();
        } catch (java.io.IOException e) {
            return -1;
        }
    }

    private List<ObjectNode> load(String prefix, String day) {
        List<ObjectNode> out = new ArrayList<>();
        journal.readAppFile(KeyStore.APP, KeyStore.DIR, prefix, "hist", day + ".jsonl").ifPresent(text -> {
            for (String line : text.split("\n")) {
                if (line.isBlank()) {
                    continue;
                }
                try {
                    JsonNode n = JSON.readTree(line);
                    if (n instanceof ObjectNode o) {
                        out.add(o);
                    }
                } catch (RuntimeException e) {
                    // a torn last line from a crash: that upload was never answered, so nothing is lost
                    org.slf4j.LoggerFactory.getLogger(History.class).warn("skipped an unreadable line in the upload"
                            + " history of observer {} for {}", prefix, day);
                }
            }
        });
        return out;
    }

    /** Writes every day's kept lines that could not be written before (at stop); a failure is logged. */
    void writePending() {
        List<DayLog> all;
        synchronized (days) {
            all = new ArrayList<>(days.values());
        }
        for (DayLog d : all) {
            d.lock.lock();
            try {
                d.writePending();
            } catch (RuntimeException e) {
                org.slf4j.LoggerFactory.getLogger(History.class).warn("{} upload history line(s) of observer {} for {}"
                        + " could not be written: {}", d.unwritten(), d.prefix, d.day, e.getMessage());
            } finally {
                d.lock.unlock();
            }
        }
    }

    /** The days with history of one observer, newest first. */
    List<String> days(String prefix) {
        java.nio.file.Path dir = dir(prefix);
        if (!java.nio.file.Files.isDirectory(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return List.of();
        }
        try (var s = java.nio.file.Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.matches("\\d{8}\\.jsonl"))
                    .map(n -> n.substring(0, 8)).sorted(java.util.Comparator.reverseOrder()).toList();
        } catch (java.io.IOException e) {
            return List.of();
        }
    }

    /** The folder of one observer's history files, {@code apps/observers/observers/<prefix>/hist/}. */
    java.nio.file.Path dir(String prefix) {
        return journal.appStorage(KeyStore.APP).resolve(KeyStore.DIR).resolve(prefix).resolve("hist");
    }

    static ObjectNode object() {
        return JSON.createObjectNode();
    }
}
