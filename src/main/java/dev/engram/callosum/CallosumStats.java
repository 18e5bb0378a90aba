package dev.engram.callosum;

import java.util.Map;

/**
 * A snapshot of the bus counters.
 *
 * @param messagesIn valid messages accepted (each is then offered to every client)
 * @param delivered message copies written to client sockets
 * @param undelivered message copies queued for a client but not written because it was disconnected first (it left,
 *     it was cut for a stall, or the server closed); never a message skipped for a client that stays connected
 * @param dropped invalid input lines by reason ({@link InvalidMessageException.Reason} names, lower case)
 * @param clientsConnected clients connected now
 * @param clientsAccepted connections accepted since start
 * @param clientsDropped clients disconnected because they took nothing for the stall grace period while behind
 */
public record CallosumStats(long messagesIn, long delivered, long undelivered, Map<String, Long> dropped,
        int clientsConnected, long clientsAccepted, long clientsDropped) {
    public CallosumStats {
        dropped = Map.copyOf(dropped);
    }

    /** All dropped input lines, whatever the reason. */
    public long droppedTotal() {
        return dropped.values().stream().mapToLong(Long::longValue).sum();
    }
}
