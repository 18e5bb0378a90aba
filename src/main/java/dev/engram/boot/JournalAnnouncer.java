package dev.engram.boot;

import dev.engram.callosum.CallosumClient;
import dev.engram.journal.Journal;
import dev.engram.journal.JournalChange;
import dev.engram.journal.JournalChanges;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * For a CLI command that writes the journal while Engram may be running ({@code engram import}, {@code engram think}):
 * puts each of the command's journal changes on the running Engram's bus as {@code journal.changed}, exactly as the
 * {@code journal-feed} service does in Engram (with this journal's {@code origin}), so the running index and open
 * pages follow what the command wrote. Without a bus (no socket: Engram is not running) it does nothing, and the next
 * start's catch-up finds the files. Best effort: a message the bus refuses is counted ({@link #refused()}); a
 * {@code missed} change goes out too (receivers rescan). {@link #close()} waits, at most 5 s, until every change the
 * command announced before it has been sent.
 *
 * <p>Threads: the journal feed's subscription thread sends, one short connection per change.
 */
public final class JournalAnnouncer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(JournalAnnouncer.class);
    private static final long FLUSH_NANOS = TimeUnit.SECONDS.toNanos(5);
    private final JournalChanges changes;
    private final JournalChanges.Subscription subscription;
    private final long base;
    private final AtomicLong handled = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();

    private JournalAnnouncer(Journal journal, Path socket) {
        this.changes = journal.changes();
        this.base = changes.published();
        String origin = changes.origin();
        this.subscription = socket == null ? null : changes.subscribe(c -> send(socket, c, origin),
                lost -> {
                    send(socket, JournalChange.missed(), origin);
                    handled.addAndGet(lost - 1); // the dropped ones are accounted for by the missed notice
                }, JournalChanges.DEFAULT_CAPACITY);
    }

    /** Starts announcing {@code journal}'s changes on the bus at {@code socket}, or nothing when no bus is there. */
    public static JournalAnnouncer start(Journal journal, Path socket) {
        return new JournalAnnouncer(journal, Files.exists(socket) ? socket : null);
    }

    private void send(Path socket, JournalChange c, String origin) {
        try {
            if (c.kind() != JournalChange.Kind.APP_FILE
                    && !CallosumClient.send(socket, JournalFeedService.message(c, origin))
                    && refused.incrementAndGet() == 1) {
                LOG.warn("the bus at {} refused journal.changed ({}); the running Engram catches up at its next"
                        + " start", socket, c.path());
            }
        } finally {
            handled.incrementAndGet();
        }
    }

    /** Changes the bus refused. */
    public long refused() {
        return refused.get();
    }

    /** Waits (at most 5 s) until the changes announced so far are sent, then stops announcing. */
    @Override
    public void close() {
        if (subscription == null) {
            return;
        }
        long target = changes.published() - base;
        long deadline = System.nanoTime() + FLUSH_NANOS;
        while (handled.get() < target && System.nanoTime() < deadline) {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        subscription.close();
    }
}
