package dev.engram.index;

import dev.engram.app.App;
import dev.engram.app.EventContext;
import dev.engram.app.OnEvent;
import dev.engram.callosum.Message;
import dev.engram.journal.Day;
import dev.engram.journal.JournalChange;
import dev.engram.journal.SegmentKey;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code index} app: how the running index hears of journal writes made by <em>other</em> processes (the local
 * tmux observer, {@code engram import}, {@code engram think}, {@code engram sense}, a second Engram), whose changes
 * never reach this process's {@code journal.changes()}. Each bus event becomes a change noted exactly like an
 * in-process one (the {@link Indexer}'s {@link ChangeFollower}: batching, priorities, the manifest's skip-unchanged):
 * <ul>
 *   <li>{@code observe.observed} {day, segment}: the segment folder {@code <day>/<segment>} (all its indexed files);
 *   <li>{@code journal.changed} {kind, path, day, facet, origin}: the named path, or a rescan for kind
 *       {@code missed}; a message whose {@code origin} is this process's journal ({@code JournalChanges.origin()}) is
 *       our own change echoed back by the bus and is skipped (the in-process feed already noted it);
 *   <li>{@code callosum.reconnected} (bus messages may have been lost), and a full event lane: a rescan.
 * </ul>
 * A message with a path that is not journal-relative (absolute, {@code ..}, backslashes) is ignored with a warning.
 * Handlers run on the app's event lane and only note paths (no indexing on the lane).
 */
final class BusFollower implements App {
    private static final Logger LOG = LoggerFactory.getLogger(BusFollower.class);
    private final String ownOrigin;
    private final Consumer<JournalChange> note;
    private final AtomicLong followed = new AtomicLong();
    private final AtomicLong ownSkipped = new AtomicLong();
    private final AtomicLong invalid = new AtomicLong();

    /**
     * @param ownOrigin this process's journal's origin (its own {@code journal.changed} messages are skipped)
     * @param note      notes a change for the index (ignored while the index is not open: its catch-up sees it)
     */
    BusFollower(String ownOrigin, Consumer<JournalChange> note) {
        this.ownOrigin = ownOrigin;
        this.note = note;
    }

    @Override
    public String name() {
        return "index";
    }

    @OnEvent(tract = "observe", event = "observed")
    public void observed(EventContext ctx) {
        Message m = ctx.msg();
        Optional<Day> day = m.string("day").flatMap(Day::tryParse);
        Optional<SegmentKey> key = m.string("segment").flatMap(SegmentKey::tryParse);
        if (day.isEmpty() || key.isEmpty()) {
            reject(m, "without a valid day and segment");
            return;
        }
        follow(new JournalChange(JournalChange.Kind.SEGMENT, day.get().key() + "/" + key.get().key(), day,
                Optional.empty()));
    }

    @OnEvent(tract = "journal", event = "changed")
    public void changed(EventContext ctx) {
        Message m = ctx.msg();
        if (m.string("origin").filter(ownOrigin::equals).isPresent()) {
            ownSkipped.incrementAndGet();
            return;
        }
        Optional<JournalChange.Kind> kind = m.string("kind").flatMap(JournalChange.Kind::fromWire);
        if (kind.isEmpty()) {
            reject(m, "of an unknown kind");
            return;
        }
        if (kind.get() == JournalChange.Kind.MISSED) {
            follow(JournalChange.missed());
            return;
        }
        Optional<String> path = m.string("path").filter(BusFollower::journalRelative);
        if (path.isEmpty()) {
            reject(m, "without a journal-relative path");
            return;
        }
        follow(new JournalChange(kind.get(), path.get(), m.string("day").flatMap(Day::tryParse),
                m.string("facet")));
    }

    @OnEvent(tract = "callosum", event = "reconnected")
    public void reconnected(EventContext ctx) {
        follow(JournalChange.missed()); // messages sent while the connection was down may be lost: rescan
    }

    @Override
    public void eventsDropped(long count) {
        follow(JournalChange.missed());
    }

    private void follow(JournalChange c) {
        followed.incrementAndGet();
        note.accept(c);
    }

    private void reject(Message m, String why) {
        if (invalid.incrementAndGet() <= 10) {
            LOG.warn("the search index ignores a {}.{} message {} (first 200 chars: {})", m.tract(), m.event(), why,
                    abbreviate(m.toAsciiJson()));
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 200 ? s : s.substring(0, 200) + "…";
    }

    /** A path the index may resolve against the journal root: relative, {@code /}-separated, no {@code .} or {@code ..}. */
    static boolean journalRelative(String p) {
        if (p.isEmpty() || p.length() > 1024 || p.startsWith("/") || p.indexOf('\\') >= 0 || p.indexOf('\0') >= 0) {
            return false;
        }
        for (String part : p.split("/", -1)) {
            if (part.isEmpty() || part.equals(".") || part.equals("..")) {
                return false;
            }
        }
        return true;
    }

    /** Bus events that became index changes (rescans included). */
    long followed() {
        return followed.get();
    }

    /** This process's own {@code journal.changed} messages, echoed by the bus, skipped. */
    long ownSkipped() {
        return ownSkipped.get();
    }

    /** Messages ignored as malformed. */
    long invalid() {
        return invalid.get();
    }
}
