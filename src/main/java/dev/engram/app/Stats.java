package dev.engram.app;

import java.util.concurrent.atomic.AtomicLong;

/** The dispatcher's live counters. */
final class Stats {
    final AtomicLong accepted = new AtomicLong();
    final AtomicLong dispatched = new AtomicLong();
    final AtomicLong handlerRuns = new AtomicLong();
    final AtomicLong handlerFailures = new AtomicLong();
    final AtomicLong handlerTimeouts = new AtomicLong();
    final AtomicLong overflowDrops = new AtomicLong();
    final AtomicLong notRunningDrops = new AtomicLong();
    final AtomicLong discardedAtStop = new AtomicLong();

    DispatchStats snapshot(int queued, int stuck) {
        return new DispatchStats(queued, accepted.get(), dispatched.get(), handlerRuns.get(), handlerFailures.get(),
                handlerTimeouts.get(), overflowDrops.get(), notRunningDrops.get(), discardedAtStop.get(), stuck);
    }

    void reset() {
        for (AtomicLong c : new AtomicLong[] {accepted, dispatched, handlerRuns, handlerFailures, handlerTimeouts,
                overflowDrops, notRunningDrops, discardedAtStop}) {
            c.set(0);
        }
    }
}
