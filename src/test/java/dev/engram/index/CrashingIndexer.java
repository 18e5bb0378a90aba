package dev.engram.index;

import dev.engram.index.api.SearchQuery;
import dev.engram.journal.Journal;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Run in a child JVM by {@link KillRecoveryTest}: indexes and embeds a journal and commits, then writes and indexes one more file
 * without committing, says "ready" and waits to be killed with SIGKILL.
 */
public final class CrashingIndexer {
    private CrashingIndexer() {
    }

    public static void main(String[] args) throws InterruptedException {
        Journal journal = Journal.open(Path.of(args[0]));
        KeywordIndex index = KeywordIndex.open(journal, w -> { });
        index.catchUp(Optional.empty(), false);
        index.embedAll((done, of) -> { }); // vectors committed
        journal.days().writeInsight(SmallJournal.DAY2, "late", "The uncommitted dingo.");
        index.update("20260303/insights/late.md");
        if (index.search(SearchQuery.of("dingo")).total() != 1) {
            throw new IllegalStateException("the update should be searchable before the commit");
        }
        System.out.println("ready");
        System.out.flush();
        Thread.sleep(60_000);
    }
}
