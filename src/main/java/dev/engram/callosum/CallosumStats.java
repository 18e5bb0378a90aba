package dev.engram.callosum;

import java.util.Map;

/**
 * A snapshot of the bus counters.
 *
 * @param messagesIn valid messages accepted (each is then offered to every client)
 * @param delivered message copies written to client sockets
 * @param undelivered message copies not queued because a client's queue was full (that client was slow)
 * @param dropped invalid input lines by reason ({@link InvalidMessageException.Reason} names, lower case)
 * @param clientsConnected clients connected now
 * @param clientsAccepted connections accepted since start
 * @param clientsDropped clients disconnected because they could not keep up
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
