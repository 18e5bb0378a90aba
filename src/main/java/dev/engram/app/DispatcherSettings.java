package dev.engram.app;

import java.time.Duration;
import java.util.Objects;

/**
 * How an {@link EventDispatcher} runs handlers. Every app lane gets these settings.
 *
 * @param workers         handler threads per app lane ({@code event-<app>-N}, made on demand); default 4, as in the
 *                        reference's pool
 * @param handlerTimeout  how long a lane waits for one handler before warning and moving on; default 30 s
 * @param queueCapacity   events waiting in one app's lane before new ones for that app are dropped (counted,
 *                        reported, told to the app); default 10,000
 * @param stopTimeout     how long {@link EventDispatcher#stop} waits for running handlers; default 10 s
 * @param maxExtraWorkers threads a lane adds, one per timed-out handler that is still running, so stuck handlers
 *                        cannot take its whole pool; default 16 (beyond that, new handlers wait for a free thread)
 */
public record DispatcherSettings(int workers, Duration handlerTimeout, int queueCapacity, Duration stopTimeout,
                                 int maxExtraWorkers) {
    public DispatcherSettings {
        Objects.requireNonNull(handlerTimeout, "handlerTimeout");
        Objects.requireNonNull(stopTimeout, "stopTimeout");
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be at least 1, got " + workers);
        }
        if (queueCapacity < 1) {
            throw new IllegalArgumentException("queueCapacity must be at least 1, got " + queueCapacity);
        }
        if (maxExtraWorkers < 0) {
            throw new IllegalArgumentException("maxExtraWorkers must not be negative, got " + maxExtraWorkers);
        }
        if (handlerTimeout.isNegative() || handlerTimeout.isZero() || stopTimeout.isNegative()) {
            throw new IllegalArgumentException("handlerTimeout must be positive and stopTimeout not negative");
        }
    }

    public static DispatcherSettings defaults() {
        return new DispatcherSettings(4, Duration.ofSeconds(30), 10_000, Duration.ofSeconds(10), 16);
    }

    public DispatcherSettings withWorkers(int n) {
        return new DispatcherSettings(n, handlerTimeout, queueCapacity, stopTimeout, maxExtraWorkers);
    }

    public DispatcherSettings withHandlerTimeout(Duration d) {
        return new DispatcherSettings(workers, d, queueCapacity, stopTimeout, maxExtraWorkers);
    }

    public DispatcherSettings withQueueCapacity(int n) {
        return new DispatcherSettings(workers, handlerTimeout, n, stopTimeout, maxExtraWorkers);
    }

    public DispatcherSettings withStopTimeout(Duration d) {
        return new DispatcherSettings(workers, handlerTimeout, queueCapacity, d, maxExtraWorkers);
    }

    public DispatcherSettings withMaxExtraWorkers(int n) {
        return new DispatcherSettings(workers, handlerTimeout, queueCapacity, stopTimeout, n);
    }
}
