package dev.engram.observe.imports;

import static dev.engram.observe.imports.Importer.ID;

import dev.engram.journal.Journal;
import dev.engram.journal.StoredFile;
import dev.engram.observe.api.ImportOptions;
import java.time.Clock;
import java.time.LocalDateTime;
import java.util.Locale;
import java.util.Optional;
import tools.jackson.databind.node.ObjectNode;

/**
 * The import records of {@code imports/<id>/import.json} as the importer reads and starts them: a free id, the name an
 * original is kept under, an earlier finished import of the same content (then the new one is a duplicate), an earlier
 * failed or interrupted one at the same start (then it is retried under its id), and a new record. Reads the records
 * each time (they are few and small). The caller holds the content's {@link dev.engram.journal.JournalLock}, so a
 * record of that content still {@code importing} belongs to an import that no longer runs (its process died).
 */
final class ImportRecords {
    private final Journal journal;
    private final Clock clock;

    ImportRecords(Journal journal, Clock clock) {
        this.journal = journal;
        this.clock = clock;
    }

    /**
     * A new import id for {@code at}, its folder created (so no other process takes it): {@code YYYYMMDD_HHMMSS},
     * then {@code _2}, {@code _3}...
     */
    String newId(LocalDateTime at) {
        String base = at.format(ID);
        String id = base;
        for (int n = 2; !journal.imports().create(id); n++) {
            id = base + "_" + n;
        }
        return id;
    }

    /** The name the original is kept under: its last path part, no control characters, not hidden, not ours. */
    static String fileName(String original) {
        String n = original.replace('\\', '/');
        // every control character the journal refuses in a name (C1 too, e.g. U+0085), not only ASCII's
        n = n.substring(n.lastIndexOf('/') + 1).replaceAll("[\\x00-\\x1F\\x7F-\\x9F]", "_");
        n = n.startsWith(".") ? "_" + n.substring(1) : n;
        if (n.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 200) {
            int dot = n.lastIndexOf('.');
            n = "original" + (dot < 0 ? "" : n.substring(dot));
        }
        return n.isEmpty() || n.equals("import.json") || n.equals("imported.json") ? "original" + n : n;
    }

    /** What an interrupted import's record says, as its {@code error}. */
    static final String INTERRUPTED = "interrupted: the process importing it ended before it finished; import the"
            + " same file again to resume it (the segments it wrote are reused)";

    /**
     * Marks {@code failed} (with {@link #INTERRUPTED}) every import left {@code importing} by a process that ended:
     * one whose content's lock is free (taken here while the record is read again and written, so an import that
     * starts meanwhile waits its turn, and one that ended meanwhile is left as it ended). Returns their ids.
     */
    java.util.List<String> markInterrupted() {
        java.util.List<String> out = new java.util.ArrayList<>();
        for (String id : journal.imports().ids()) {
            Optional<ObjectNode> r = journal.imports().record(id);
            String sha = r.map(x -> x.path("sha256").asString("")).orElse("");
            if (r.isEmpty() || !r.get().path("status").asString("").equals("importing")
                    || !sha.matches("[0-9a-f]{64}")) {
                continue;
            }
            Optional<dev.engram.journal.JournalLock> lock = journal.imports().tryLock(sha);
            if (lock.isEmpty()) {
                continue; // it runs (here or in another process)
            }
            try (dev.engram.journal.JournalLock held = lock.get()) {
                Optional<ObjectNode> now = journal.imports().record(id);
                if (now.isPresent() && now.get().path("status").asString("").equals("importing")) {
                    now.get().put("status", "failed");
                    now.get().put("error", INTERRUPTED);
                    journal.imports().writeRecord(id, now.get());
                    out.add(id);
                }
            }
        }
        return out;
    }

    /** An earlier import of the same content whose record has {@code status} ({@code done}, {@code importing}). */
    Optional<String> with(String sha256, String except, String status) {
        for (String other : journal.imports().ids()) {
            if (other.equals(except)) {
                continue;
            }
            Optional<ObjectNode> r = journal.imports().record(other);
            if (r.isPresent() && sha256.equals(r.get().path("sha256").asString(""))
                    && r.get().path("status").asString("").equals(status)) {
                return Optional.of(other);
            }
        }
        return Optional.empty();
    }

    /**
     * An earlier import of the same content that failed, or was interrupted (still {@code importing} while the caller
     * holds the content's lock), placed at the same start (the timestamp given now, when one is, must match its
     * start): retried under its id. The newest such one.
     */
    Optional<ObjectNode> failedWith(String sha256, String except, ImportOptions o, LocalDateTime start) {
        Optional<ObjectNode> found = Optional.empty();
        for (String other : journal.imports().ids()) {
            Optional<ObjectNode> r = journal.imports().record(other);
            String status = r.map(x -> x.path("status").asString("")).orElse("");
            if (other.equals(except) || r.isEmpty() || !(status.equals("failed") || status.equals("importing"))
                    || !sha256.equals(r.get().path("sha256").asString(""))
                    || !r.get().path("file_path").asString("").startsWith("imports/" + other + "/")
                    || startOf(r.get()).isEmpty()) {
                continue;
            }
            if (o.timestamp().isPresent() && !startOf(r.get()).equals(start.format(ID))) {
                continue;
            }
            found = r;
        }
        return found;
    }

    /** The start an import record names ({@code user_timestamp} or {@code detected_timestamp}), or "". */
    static String startOf(ObjectNode r) {
        String t = r.path("user_timestamp").asString(r.path("detected_timestamp").asString(""));
        try {
            LocalDateTime.parse(t, ID);
            return t;
        } catch (java.time.format.DateTimeParseException e) {
            return "";
        }
    }

    /** A new import's record, {@code status: importing}. */
    ObjectNode record(String id, ImportOptions o, ImportStep step, StoredFile stored, LocalDateTime start,
                              Optional<String> facet) {
        ObjectNode r = Importer.JSON.createObjectNode();
        r.put("id", id);
        r.put("original_filename", o.originalName());
        r.put("file_path", "imports/" + id + "/" + stored.name());
        r.put("file_size", stored.size());
        r.put("sha256", stored.sha256());
        r.put("file_type", step.kind());
        r.put("mime_type", mime(stored.name()));
        r.put("upload_timestamp", clock.millis());
        r.put("upload_datetime", LocalDateTime.now(clock).withNano(0).toString());
        o.timestamp().ifPresent(t -> r.put("user_timestamp", t.format(ID)));
        if (o.timestamp().isEmpty()) {
            r.put("detected_timestamp", start.format(ID));
        }
        r.put("facet", facet.orElse(null));
        r.put("setting", "");
        r.put("status", "importing");
        return r;
    }

    private static String mime(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        String media = MediaStep.mime(n);
        return media != null ? media : n.endsWith(".pdf") ? "application/pdf" : n.endsWith(".ics") ? "text/calendar"
                : n.endsWith(".md") ? "text/markdown" : n.endsWith(".txt") ? "text/plain" : "application/octet-stream";
    }
}
