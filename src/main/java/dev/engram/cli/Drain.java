package dev.engram.cli;

import dev.engram.app.Health;
import dev.engram.boot.Engram;
import dev.engram.observe.api.Observer;
import dev.engram.observe.api.Observers;
import java.util.List;
import java.util.Map;

/**
 * The derived work an ingest burst leaves behind, for {@code engram bench ingest}: waits until sense has finished
 * every received segment (each observer's {@code segments_observed} reaches its {@code segments_received}), the
 * search index has applied every journal change (its health fact {@code pending} is 0) and the embedding backlog is
 * empty, and says how long each took. Uploads answered fast while this work piles up would fool a reader of the
 * throughput alone.
 */
final class Drain {
    private Drain() {
    }

    /**
     * Seconds until each kind of work was done, -1 where it was not done within the timeout; and what was left then
     * (segments not sensed, changes not indexed, chunks not embedded).
     */
    record Times(double sensed, double indexed, double embedded, long unsensed, long unindexed, long unembedded,
                 long senseDeferred, long senseHeld, long senseDrained) {
        String describe() {
            return "sensed " + time(sensed, unsensed + " segment(s) left") + " (sense deferred " + senseDeferred
                    + " segment(s): " + senseHeld + " held back during the burst, the others while its queues were"
                    + " full; drained " + senseDrained + "), keyword-indexed " + time(indexed, unindexed
                    + " change(s) left") + ", embedded " + time(embedded, unembedded + " chunk(s) left");
        }

        private static String time(double secs, String left) {
            return secs < 0 ? "NOT within the timeout (" + left + ")" : String.format("after %.1f s", secs);
        }
    }

    static Times await(Engram engram, long timeoutSeconds) throws InterruptedException {
        long t0 = System.nanoTime();
        long deadline = t0 + timeoutSeconds * 1_000_000_000L;
        double sensed = -1;
        double indexed = -1;
        double embedded = -1;
        long[] left = new long[3];
        while (true) {
            double now = (System.nanoTime() - t0) / 1e9;
            left[0] = unsensed(engram);
            Map<String, Object> index = facts(engram, "index");
            left[1] = number(index.get("pending"));
            left[2] = number(index.get("embedding_backlog"));
            if (sensed < 0 && left[0] == 0) {
                sensed = now;
            }
            if (indexed < 0 && left[1] == 0) {
                indexed = now;
            }
            if (embedded < 0 && left[2] == 0) {
                embedded = now;
            }
            if (sensed >= 0 && indexed >= 0 && embedded >= 0 || System.nanoTime() > deadline) {
                Map<String, Object> sense = facts(engram, "sense");
                long deferred = number(sense.get("deferred"));
                long held = number(sense.get("held"));
                long drained = number(sense.get("drained"));
                return new Times(sensed, indexed, embedded, left[0], left[1], left[2], known(deferred), known(held),
                        known(drained));
            }
            Thread.sleep(50);
        }
    }

    private static long unsensed(Engram engram) {
        List<Observer> all = engram.service(Observers.class).map(Observers::list).orElse(List.of());
        return all.stream().mapToLong(o -> Math.max(0, o.segmentsReceived() - o.segmentsObserved())).sum();
    }

    private static Map<String, Object> facts(Engram engram, String service) {
        Health h = engram.health().services().get(service);
        return h == null ? Map.of() : h.facts();
    }

    /** A count as reported: -1 for a missing fact. */
    private static long known(long count) {
        return count == Long.MAX_VALUE ? -1 : count;
    }

    /** A fact's count; a missing fact counts as not done. */
    private static long number(Object fact) {
        return fact instanceof Number n ? n.longValue() : Long.MAX_VALUE;
    }
}
