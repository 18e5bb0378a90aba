package dev.engram.testing;

import dev.engram.journal.Durability;
import dev.engram.journal.Journal;
import java.nio.file.Path;

/**
 * Test journals that skip fsync ({@link Durability#BULK}: writes stay atomic, a power loss could lose recent files).
 * For tests where durability is not under test: a temp journal need not survive a power cut, and fsync on every write
 * is most of the cost of a write-heavy test. Tests of durability itself (CrashTest, ConcurrencyTest) keep
 * {@link Journal#create} and its fsync.
 */
public final class BulkJournal {
    private BulkJournal() {
    }

    /** {@link Journal#create} with bulk durability. */
    public static Journal create(Path root, String ownerName) {
        return Journal.create(root, ownerName).withDurability(Durability.BULK);
    }
}
