package dev.engram.app;

import java.util.List;
import java.util.Optional;
import java.util.function.ToLongFunction;

/**
 * Counters of an {@link EventDispatcher} since it was made (or last {@link EventDispatcher#reset}): its own, and one
 * {@link LaneStats} per app lane (apps of earlier runs included until reset). The other methods sum the lanes.
 *
 * @param received        events taken by {@link EventDispatcher#dispatch} while running
 * @param notRunningDrops events refused because the dispatcher was not started (or stopped)
 * @param discardedAtStop queued events thrown away by {@link EventDispatcher#stop}
 * @param lanes           each app's lane, in registration order
 */
public record DispatchStats(long received, long notRunningDrops, long discardedAtStop, List<LaneStats> lanes) {
    public DispatchStats {
        lanes = List.copyOf(lanes);
    }

    public Optional<LaneStats> lane(String app) {
        return lanes.stream().filter(l -> l.app().equals(app)).findFirst();
    }

    public long queued() {
        return sum(LaneStats::queued);
    }

    public long accepted() {
        return sum(LaneStats::accepted);
    }

    /** Events handed to handlers, summed over the lanes (an event two apps handle counts twice). */
    public long dispatched() {
        return sum(LaneStats::handled);
    }

    public long handlerRuns() {
        return sum(LaneStats::handlerRuns);
    }

    public long handlerFailures() {
        return sum(LaneStats::handlerFailures);
    }

    public long handlerTimeouts() {
        return sum(LaneStats::handlerTimeouts);
    }

    /** Events dropped because a lane was full, summed over the lanes. */
    public long overflowDrops() {
        return sum(LaneStats::dropped);
    }

    public long stuckHandlers() {
        return sum(LaneStats::stuckHandlers);
    }

    private long sum(ToLongFunction<LaneStats> f) {
        return lanes.stream().mapToLong(f).sum();
    }
}
