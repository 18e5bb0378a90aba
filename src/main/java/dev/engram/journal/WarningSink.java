package dev.engram.journal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Receives the warnings a journal read produces. Implementations must be thread-safe. */
@FunctionalInterface
public interface WarningSink {
    void warn(Warning warning);

    /** Reports each warning to this sink, then to {@code other}. */
    default WarningSink and(WarningSink other) {
        return w -> {
            warn(w);
            other.warn(w);
        };
    }

    /** Logs each distinct warning once (bounded memory), at WARN level. The default for a long-running service. */
    static WarningSink logging() {
        return new LoggingWarnings();
    }

    /** Collects warnings in memory (for {@code engram status}); keeps at most {@code max}, counting the rest. */
    static Collecting collecting(int max) {
        return new Collecting(max);
    }

    final class Collecting implements WarningSink {
        private final int max;
        private final List<Warning> kept = new ArrayList<>();
        private long total;

        private Collecting(int max) {
            this.max = max;
        }

        @Override
        public synchronized void warn(Warning warning) {
            total++;
            if (kept.size() < max && !kept.contains(warning)) {
                kept.add(warning);
            }
        }

        public synchronized List<Warning> warnings() {
            return Collections.unmodifiableList(new ArrayList<>(kept));
        }

        public synchronized long total() {
            return total;
        }
    }
}
