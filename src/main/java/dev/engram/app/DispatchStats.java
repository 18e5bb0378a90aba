package dev.engram.app;

/**
 * Counters of an {@link EventDispatcher} since it was made (or last {@link EventDispatcher#reset}).
 *
 * @param queued          events waiting in the dispatch queue now
 * @param accepted        events taken into the queue by {@link EventDispatcher#dispatch}
 * @param dispatched      events taken from the queue and handed to their handlers (including events with none)
 * @param handlerRuns     handler runs started (one per matching pattern)
 * @param handlerFailures handler runs that threw
 * @param handlerTimeouts handler runs the dispatcher stopped waiting for
 * @param overflowDrops   events refused because the queue was full
 * @param notRunningDrops events refused because the dispatcher was not started (or stopped)
 * @param discardedAtStop queued events thrown away by {@link EventDispatcher#stop}
 * @param stuckHandlers   timed-out handler runs still running now
 */
public record DispatchStats(int queued, long accepted, long dispatched, long handlerRuns, long handlerFailures,
                            long handlerTimeouts, long overflowDrops, long notRunningDrops, long discardedAtStop,
                            int stuckHandlers) {
}
