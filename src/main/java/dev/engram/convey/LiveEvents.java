package dev.engram.convey;

import dev.engram.callosum.Message;
import io.javalin.http.sse.SseClient;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The browser side of the bus: every published message goes to every connected browser ({@code /sse/events}).
 * {@link #publish} never blocks: it only offers to each browser's bounded queue; a browser whose queue is full is
 * disconnected and counted. Each browser has its own sender (virtual) thread that writes and sends heartbeats.
 */
final class LiveEvents {
    private static final Logger LOG = LoggerFactory.getLogger(LiveEvents.class);
    private final Set<EventStream> subscribers = ConcurrentHashMap.newKeySet();
    private final AtomicLong dropped = new AtomicLong();
    private final int capacity;
    private final Duration heartbeat;
    private volatile boolean closed;
    /** How long {@link #close} waits for the streams' responses to end (a stalled client must not hold a stop). */
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(2);

    LiveEvents(int capacity, Duration heartbeat) {
        this.capacity = capacity;
        this.heartbeat = heartbeat;
    }

    /** Runs on a Jetty request thread for each new browser; returns at once, the request stays open. */
    void connect(SseClient client) {
        client.keepAlive();
        if (closed) {
            client.close();
            return;
        }
        EventStream s = new EventStream(client, capacity, heartbeat, subscribers::remove);
        subscribers.add(s);
        client.onClose(() -> {
            subscribers.remove(s);
            s.stop();
        });
        s.start();
    }

    void publish(Message message) {
        if (subscribers.isEmpty()) {
            return;
        }
        String json = message.toJson();
        for (EventStream s : subscribers) {
            if (!s.offer(null, json) && s.takeOverflow()) {
                subscribers.remove(s);
                long n = dropped.incrementAndGet();
                LOG.warn("dropped a browser whose event queue overflowed ({} dropped so far)", n);
            }
        }
    }

    int connected() {
        return subscribers.size();
    }

    long dropped() {
        return dropped.get();
    }

    /**
     * Ends every browser's stream and waits (at most {@link #CLOSE_WAIT} in all) until their responses have ended, so
     * the server stops after them: a response ended after Jetty had recycled its request is what the
     * {@link EventStream}'s request listener guards against, and this keeps the usual stop from relying on it.
     */
    void close() {
        closed = true;
        java.util.List<Thread> ending = new java.util.ArrayList<>();
        for (EventStream s : subscribers) {
            subscribers.remove(s);
            ending.add(s.disconnect());
        }
        long deadline = System.nanoTime() + CLOSE_WAIT.toNanos();
        try {
            for (Thread t : ending) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || !t.join(Duration.ofNanos(left))) {
                    LOG.info("{} browser stream(s) still ending after {}; stopping the server anyway",
                            ending.stream().filter(Thread::isAlive).count(), CLOSE_WAIT);
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
