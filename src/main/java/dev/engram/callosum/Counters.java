package dev.engram.callosum;

import dev.engram.callosum.InvalidMessageException.Reason;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** The server's counters, updated from many threads. */
final class Counters {
    final LongAdder messagesIn = new LongAdder();
    final LongAdder delivered = new LongAdder();
    final LongAdder undelivered = new LongAdder();
    final LongAdder clientsAccepted = new LongAdder();
    final LongAdder clientsDropped = new LongAdder();
    private final Map<Reason, LongAdder> dropped = new EnumMap<>(Reason.class);

    Counters() {
        for (Reason r : Reason.values()) {
            dropped.put(r, new LongAdder());
        }
    }

    void drop(Reason reason) {
        dropped.get(reason).increment();
    }

    CallosumStats snapshot(int clientsConnected) {
        Map<String, Long> d = new LinkedHashMap<>();
        dropped.forEach((r, n) -> d.put(r.name().toLowerCase(Locale.ROOT), n.sum()));
        return new CallosumStats(messagesIn.sum(), delivered.sum(), undelivered.sum(), d, clientsConnected,
                clientsAccepted.sum(), clientsDropped.sum());
    }
}
