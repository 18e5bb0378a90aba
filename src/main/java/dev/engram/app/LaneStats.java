package dev.engram.app;

/**
 * Counters of one app's event lane.
 *
 * @param app             the app
 * @param queued          events waiting in the lane now
 * @param capacity        how many events the lane holds before it drops new ones
 * @param accepted        events taken into the lane
 * @param handled         events taken from the lane and handed to the app's handlers
 * @param handlerRuns     handler runs started (one per matching pattern)
 * @param handlerFailures handler runs that threw
 * @param handlerTimeouts handler runs the lane stopped waiting for
 * @param dropped         events refused because the lane was full (the app is told, see {@link App#eventsDropped})
 * @param stuckHandlers   timed-out handler runs still running now
 */
public record LaneStats(String app, int queued, int capacity, long accepted, long handled, long handlerRuns,
                        long handlerFailures, long handlerTimeouts, long dropped, int stuckHandlers) {
}
