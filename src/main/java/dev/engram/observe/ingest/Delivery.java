package dev.engram.observe.ingest;

import dev.engram.journal.CommittedSegment;
import dev.engram.journal.Day;
import dev.engram.journal.SegmentKey;
import dev.engram.journal.StoredFile;
import dev.engram.journal.Stream;
import dev.engram.observe.api.IngestException;
import dev.engram.observe.api.IngestResult;
import dev.engram.observe.api.Observer;
import dev.engram.observe.api.Protocol;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Delivering a validated upload: the duplicate check, the commit (walking around a collision, or keeping the files
 * aside with a 507), the history line, the counters and the {@code observe.observing} announcement; and, once sense
 * has finished a delivered segment, its {@code observed} history line. Thread-safe: one observer's uploads of one day
 * are serialized only from the duplicate check to the history line (the files are already staged by then).
 */
final class Delivery {
    private static final Logger LOG = LoggerFactory.getLogger(Delivery.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final History history;
    private final FailedUploads failed;
    private final Counters counters;
    private final Announcements bus;
    private final KeyStore keys;
    private final int walkAttempts;
    /** An observer's name as a stream name (used when an upload names none), by observer name. */
    private final Map<String, String> streamNames = new ConcurrentHashMap<>();

    Delivery(History history, FailedUploads failed, Counters counters, Announcements bus, KeyStore keys,
             int walkAttempts) {
        this.history = history;
        this.failed = failed;
        this.counters = counters;
        this.bus = bus;
        this.keys = keys;
        this.walkAttempts = walkAttempts;
    }

    /** Stores a validated upload: duplicate check, commit (walking around a collision), history, counters, event. */
    IngestResult store(StagedUpload up, Day day, SegmentKey key) {
        Observer o = up.observer();
        List<StoredFile> files = up.files();
        Set<String> incoming = new HashSet<>();
        files.forEach(f -> incoming.add(f.sha256()));
        Map<String, Object> meta = meta(up);
        String stream = stream(up, meta);
        up.stream(stream); // the segment's stream.json, staged with its files (outside the day's lock)
        Stats s = counters.of(o.prefix()); // loaded (from the history) before this upload's line is written
        History.DayLog log = history.lock(o.prefix(), day.key());
        try {
            Optional<String> existing = log.duplicateOf(incoming);
            if (existing.isPresent()) {
                synchronized (s) {
                    s.duplicatesRejected++;
                    s.lastSeen = System.currentTimeMillis();
                }
                counters.changed(s);
                return new IngestResult("duplicate", day.key(), existing.get(), key.key(), List.of(), 0,
                        existing.get());
            }
            CommittedSegment done = up.commitWalking(day, key, walkAttempts, new Random());
            if (done == null) {
                String kept = failed.keep(up, day, key);
                throw new IngestException(507, "Could not find a free segment key after " + walkAttempts
                        + " attempts", "ingest_storage_failed", "segment " + key.key() + " and every key tried near it"
                        + " exist on " + day.key() + "; the files were kept in " + kept + " (the Observers app lists"
                        + " them)", Map.of("status", "failed", "failed_path", kept));
            }
            String seg = done.segment().key().key();
            long bytes = done.files().stream().mapToLong(StoredFile::size).sum();
            ObjectNode rec = record(up, done, key, stream);
            // The files are in place from here on: the upload is kept and answered 200 whatever fails next.
            try {
                log.append(rec);
            } catch (RuntimeException e) {
                log.keepUnwritten(rec); // a retry still finds it as a duplicate; written with the next line
                LOG.warn("observer {}: segment {}/{} is stored but its history line could not be written yet ({});"
                        + " kept in memory and written with the next upload of that day", o.prefix(), day.key(), seg,
                        e.getMessage());
            }
            synchronized (s) {
                s.segmentsReceived++;
                s.bytesReceived += bytes;
                s.lastSeen = System.currentTimeMillis();
                s.lastSegment = day.key() + "/" + seg;
            }
            counters.changedQuietly(s);
            bus.observing(up.protocol(), o.name(), day.key(), done, stream, meta);
            String status = !seg.equals(key.key()) && up.protocol() == Protocol.OBSERVER ? "collision" : "ok";
            return new IngestResult(status, day.key(), seg, key.key(), done.files().stream().map(StoredFile::name)
                    .toList(), bytes, "");
        } finally {
            log.lock.unlock();
        }
    }

    /** The history line of a committed upload. */
    private static ObjectNode record(StagedUpload up, CommittedSegment done, SegmentKey key, String stream) {
        String seg = done.segment().key().key();
        ObjectNode rec = History.object();
        rec.put("ts", System.currentTimeMillis());
        rec.put("segment", seg);
        var arr = rec.putArray("files");
        for (StoredFile f : done.files()) {
            ObjectNode fo = arr.addObject();
            fo.put("submitted", up.submittedNames().getOrDefault(f.name(), f.name()));
            fo.put("written", f.name());
            long inode = Segments.inode(done.segment().dir().resolve(f.name()));
            if (inode >= 0) {
                fo.put("inode", inode);
            }
            fo.put("size", f.size());
            fo.put("sha256", f.sha256());
        }
        if (!seg.equals(key.key())) {
            rec.put("segment_original", key.key());
        }
        rec.put("stream", stream);
        rec.put("protocol", up.protocol().field());
        String host = optional(up, "host");
        String platform = optional(up, "platform");
        if (host != null) {
            rec.put("host", host);
        }
        if (platform != null) {
            rec.put("platform", platform);
        }
        return rec;
    }

    /** The upload's stream: {@code meta.stream} when it is a stream name, else its observer's name made one. */
    private String stream(StagedUpload up, Map<String, Object> meta) {
        if (meta.get("stream") instanceof String str && Stream.valid(str)) {
            return str;
        }
        return streamNames.computeIfAbsent(up.observer().name(), name -> Stream.from(name, "observer").name());
    }

    /** The {@code meta} field as a JSON object, with host and platform merged in (meta wins), or empty. */
    private static Map<String, Object> meta(StagedUpload up) {
        Map<String, Object> out = new LinkedHashMap<>();
        String host = optional(up, "host");
        String platform = optional(up, "platform");
        if (host != null) {
            out.put("host", host);
        }
        if (platform != null) {
            out.put("platform", platform);
        }
        String m = up.fields().get("meta");
        if (m != null && !m.isBlank()) {
            try {
                JsonNode n = JSON.readTree(m);
                if (n instanceof ObjectNode obj) {
                    out.putAll(IngestService.plain(obj));
                }
            } catch (RuntimeException e) {
                LOG.warn("observer {}: ignored a 'meta' field that is not a JSON object", up.observer().prefix());
            }
        }
        return out;
    }

    /** A form field that is present and not blank, else null. */
    private static String optional(StagedUpload up, String field) {
        String v = up.fields().get(field);
        return v == null || v.isBlank() ? null : v;
    }

    /** Once sense finished a segment: an {@code observed} line in the history of each observer that delivered it. */
    void observed(String observerName, String day, String segment) {
        if (Day.tryParse(day).isEmpty() || SegmentKey.tryParse(segment).isEmpty()) {
            return;
        }
        // the snapshot of keys (an observer that delivered here is in it) and the day's index of delivered segments,
        // no disk listing and no copy of the day's records
        for (KeyStore.Rec r : keys.known()) {
            if (!r.name().equals(observerName)) {
                continue;
            }
            Stats s = counters.of(r.prefix()); // loaded before the line is written (else counted twice)
            History.DayLog log = history.lock(r.prefix(), day);
            ObjectNode rec = History.object();
            try {
                if (!log.delivered(segment) || log.observed(segment)) {
                    continue; // not this observer's, or said already (a segment announced again after a restart)
                }
                rec.put("ts", System.currentTimeMillis());
                rec.put("type", "observed");
                rec.put("segment", segment);
                log.remember(rec);
            } finally {
                log.lock.unlock();
            }
            // fsynced outside the day's lock: this observer's next upload does not wait for it
            log.writeRemembered(rec);
            synchronized (s) {
                s.segmentsObserved++;
            }
            counters.changed(s);
        }
    }
}
