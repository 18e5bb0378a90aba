package dev.engram.index;

import dev.engram.index.api.SearchQuery;
import dev.engram.journal.Day;
import dev.engram.journal.Journal;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Run in a child JVM by {@link KillRecoveryTest}: indexes and embeds a journal and commits; indexes one more file
 * without committing (the dingo); then changes one committed file, deletes another, adds {@value #ADDED} small
 * insights on new days and starts a catch-up. Once that catch-up has indexed some but not all of its files it says
 * "ready" and waits to be killed with SIGKILL: the kill lands in the middle of the catch-up, before its removals and
 * its commit. The catch-up's stop hook holds the workers after {@value #HOLD_AFTER} files, so the kill lands mid-way
 * on any machine (200 small files could otherwise be indexed between two progress ticks).
 */
public final class CrashingIndexer {
    static final int ADDED = 200;
    static final int HOLD_AFTER = 40;
    static final String CHANGED = "20260302/insights/flow.md";

    private CrashingIndexer() {
    }

    public static void main(String[] args) throws InterruptedException, IOException {
        Journal journal = Journal.open(Path.of(args[0]));
        KeywordIndex index = KeywordIndex.open(journal, w -> { });
        index.catchUp(Optional.empty(), false);
        index.embedAll((done, of) -> { }); // vectors committed
        journal.days().writeInsight(SmallJournal.DAY2, "late", "The uncommitted dingo.");
        index.update("20260303/insights/late.md");
        if (index.search(SearchQuery.of("dingo")).total() != 1) {
            throw new IllegalStateException("the update should be searchable before the commit");
        }
        journal.days().writeInsight(SmallJournal.DAY1, "flow", "# Work day\nOnly the heron now.\n");
        Files.delete(journal.root().resolve(deleted()));
        for (int i = 0; i < ADDED; i++) {
            journal.days().writeInsight(Day.of(2026, 4, 1 + i % 20), "note" + i, "The marmot number " + i + " came.");
        }
        AtomicInteger started = new AtomicInteger();
        index.catchUp(Optional.empty(), false, () -> {
            if (started.incrementAndGet() > HOLD_AFTER) {
                sleep(); // held until killed
            }
            return false;
        }, (done, total) -> {
            if (done > 0 && done < total) {
                System.out.println("ready");
                System.out.flush();
                sleep();
            }
        });
        throw new IllegalStateException("the catch-up finished before it was killed");
    }

    /** The committed file the child deletes: the home facet's news (the lynx). */
    static String deleted() {
        return "facets/home/news/20260303.md";
    }

    private static void sleep() {
        try {
            Thread.sleep(60_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
