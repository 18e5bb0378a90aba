package dev.engram.observe.ingest;

import dev.engram.journal.Day;
import dev.engram.journal.Journal;
import dev.engram.journal.SegmentKey;
import dev.engram.observe.api.Protocol;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * At start, announces again the delivered segments that sense never finished: an upload is answered once its files
 * and its history line are durable, but its {@code observe.observing} lives only in memory and on the bus until sense
 * has finished the segment (the history's {@code observed} line). A crash in between (kill -9, power loss) would leave
 * a stored, acknowledged segment that nothing ever senses; the history is the durable record of what was delivered,
 * so the difference between the two is announced again, marked {@code recovered}. Only the history days written
 * within {@link #WINDOW} are read (a crash leaves its days' files freshly written; older days were finished or are
 * repaired by sense's daily run), and a segment whose folder is gone (the owner deleted it) is skipped. Sense checks
 * files that already have their extracts instead of redoing them, and a second {@code observed} is not written twice.
 *
 * <p>Threading: runs once, on the thread that calls it (the ingest service starts it on a background thread).
 * Failures: an unreadable folder is logged and skipped; it never throws.
 */
final class Unobserved {
    static final Duration WINDOW = Duration.ofDays(14);
    private static final Logger LOG = LoggerFactory.getLogger(Unobserved.class);
    private final Journal journal;
    private final KeyStore keys;
    private final History history;
    private final Announcements bus;

    Unobserved(Journal journal, KeyStore keys, History history, Announcements bus) {
        this.journal = journal;
        this.keys = keys;
        this.history = history;
        this.bus = bus;
    }

    /** Announces every recent delivered segment without an {@code observed} line; returns how many. */
    int announce(long nowMillis) {
        int n = 0;
        for (KeyStore.Rec r : keys.all()) {
            for (String day : recentDays(r.prefix(), nowMillis - WINDOW.toMillis())) {
                for (ObjectNode rec : history.day(r.prefix(), day).unobserved()) {
                    if (announce(r.name(), day, rec)) {
                        n++;
                    }
                }
            }
        }
        if (n > 0) {
            LOG.info("ingest: {} delivered segment(s) that sense had not finished when Engram last stopped were"
                    + " announced again", n);
        }
        return n;
    }

    private boolean announce(String observer, String day, ObjectNode rec) {
        String segment = rec.path("segment").asString("");
        if (SegmentKey.tryParse(segment).flatMap(k -> journal.days().segment(Day.parse(day), k)).isEmpty()) {
            return false; // removed since (by the owner): nothing to sense
        }
        Map<String, Object> ev = new LinkedHashMap<>();
        ev.put("segment", segment);
        ev.put("day", day);
        List<String> files = new ArrayList<>();
        for (JsonNode f : rec.path("files")) {
            files.add(f.path("written").asString(""));
        }
        ev.put("files", files);
        String protocol = rec.path("protocol").asString("");
        ev.put(protocol.equals(Protocol.REMOTE.field()) ? Protocol.REMOTE.field() : Protocol.OBSERVER.field(),
                observer);
        for (String field : new String[] {"host", "platform", "stream"}) {
            if (rec.path(field).isString()) {
                ev.put(field, rec.path(field).asString());
            }
        }
        ev.put("recovered", true);
        bus.emit("observe", "observing", ev);
        return true;
    }

    /** The observer's history days whose file was written since {@code sinceMillis}, oldest first. */
    private List<String> recentDays(String prefix, long sinceMillis) {
        Path dir = history.dir(prefix);
        List<String> out = new ArrayList<>();
        for (String day : history.days(prefix).reversed()) {
            try {
                if (Day.tryParse(day).isPresent() && Files.getLastModifiedTime(dir.resolve(day + ".jsonl"),
                        LinkOption.NOFOLLOW_LINKS).toMillis() >= sinceMillis) {
                    out.add(day);
                }
            } catch (IOException e) {
                LOG.warn("ingest: the upload history {} of observer {} could not be read ({}); its segments are not"
                        + " announced again", day, prefix, e.getMessage());
            }
        }
        return out;
    }
}
