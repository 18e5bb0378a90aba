package dev.engram.convey;

import io.javalin.http.Context;
import io.javalin.http.sse.SseClient;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.LoggerFactory;

/**
 * One open server-sent-events response (see {@link AppRoutes#stream}): a bounded queue drained by its own virtual
 * sender thread, which also writes a heartbeat comment when nothing was sent for a while. {@link #send} never
 * blocks: it only offers to the queue; when the queue is full (the client reads slower than the producer writes)
 * the stream is closed and {@code send} answers false, so a producer learns that the client is gone and the server
 * never holds more than the queue. {@link #close} sends what is queued, then ends the response. Thread-safe: any
 * thread may send.
 *
 * <p>The response is ended only while its request is whole: once Jetty has ended the request (the client went away,
 * the server stopped), Jetty recycles it, and ending the Javalin response then ran Javalin's after-request work on the
 * recycled request, which failed, and handled that failure, for ever (a core spinning and a warning per turn). A
 * listener on the request's async context ends the response from inside Jetty's own error callback instead, and
 * marks the request ended so nothing later touches it.
 */
public final class EventStream {
    private static final org.slf4j.Logger LOG = LoggerFactory.getLogger(EventStream.class);
    private static final Item STOP = new Item(null, "");
    private final SseClient client;
    private final BlockingQueue<Item> queue;
    private final Duration heartbeat;
    private final Consumer<EventStream> onEnd;
    private volatile boolean stopped;
    private volatile boolean closing;
    private volatile boolean overflowed;
    private final java.util.Queue<Runnable> closeActions = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private final java.util.concurrent.atomic.AtomicBoolean ended = new java.util.concurrent.atomic.AtomicBoolean();
    private final java.util.concurrent.atomic.AtomicBoolean overflowReported = new java.util.concurrent.atomic.AtomicBoolean();
    private volatile boolean requestEnded;

    private record Item(String event, String data) {
    }

    EventStream(SseClient client, int capacity, Duration heartbeat, Consumer<EventStream> onEnd) {
        this.client = client;
        this.queue = new ArrayBlockingQueue<>(capacity + 1);
        this.heartbeat = heartbeat;
        this.onEnd = onEnd;
        HttpServletRequest req = client.ctx().req();
        if (req.isAsyncStarted()) {
            req.getAsyncContext().addListener(new RequestEnd());
        }
    }

    /** The request that opened the stream (path and query parameters). */
    public Context context() {
        return client.ctx();
    }

    /** Queues a {@code data:} line with this text; false when the stream is closed or just overflowed. */
    public boolean send(String data) {
        return offer(null, data);
    }

    /** Queues an event with a name ({@code event:} line) and data; false when closed or overflowed. */
    public boolean send(String event, String data) {
        return offer(event, data);
    }

    /** Queues an event whose data is {@code value} as JSON. */
    public boolean sendJson(String event, Object value) {
        return offer(event, JsonIo.write(value));
    }

    /** Whether events are still being delivered (the client is connected and the stream was not closed). */
    public boolean isOpen() {
        return !stopped && !closing && !client.terminated();
    }

    /** Whether the stream was closed because the client fell {@code capacity} events behind. */
    public boolean overflowed() {
        return overflowed;
    }

    /** Sends what is queued, then ends the response. Idempotent. */
    public void close() {
        if (!closing && !stopped) {
            closing = true;
            if (!queue.offer(STOP)) {
                disconnect();
            }
        }
    }

    /** Runs {@code action} once when the client goes away or the stream is closed (e.g. to cancel the work). */
    public void onClose(Runnable action) {
        closeActions.add(action);
        if (ended.get()) {
            runCloseActions();
        }
    }

    /** Called by Javalin when the response ended, whoever ended it. */
    void closed() {
        ended.set(true);
        stop();
        runCloseActions();
    }

    private void runCloseActions() {
        Runnable r;
        while ((r = closeActions.poll()) != null) {
            try {
                r.run();
            } catch (RuntimeException e) {
                LOG.warn("a stream's close action failed: {}", e.toString());
            }
        }
    }

    /** True exactly once after an overflow, so the overflow is counted once however many senders saw it. */
    boolean takeOverflow() {
        return overflowed && overflowReported.compareAndSet(false, true);
    }

    void start() {
        Thread.ofVirtual().name("sse-sender").start(this::run);
    }

    /** For the live stream, whose messages are already JSON text. */
    boolean offer(String event, String data) {
        if (stopped || closing) {
            return false;
        }
        if (queue.remainingCapacity() > 1 && queue.offer(new Item(event, data))) {
            return true;
        }
        overflowed = true;
        disconnect();
        return false;
    }

    /**
     * Stops sending and closes the connection, without waiting (a stalled socket write must not block the caller);
     * the returned thread ends when the response has.
     */
    Thread disconnect() {
        stop();
        return Thread.ofVirtual().name("sse-close").start(this::endResponse);
    }

    /** Ends the Javalin response, unless Jetty has already ended the request (then there is nothing left to end). */
    private void endResponse() {
        if (!requestEnded && !client.terminated()) {
            client.close();
        }
    }

    /** Makes the sender thread finish (after a write in progress, if any); never interrupts a socket write. */
    void stop() {
        stopped = true;
        queue.clear();
        queue.offer(STOP);
    }

    private void run() {
        try {
            client.sendComment("connected");
            while (!stopped && !client.terminated()) {
                Item item = queue.poll(heartbeat.toMillis(), TimeUnit.MILLISECONDS);
                if (stopped || item == STOP) {
                    break;
                }
                if (item == null) {
                    client.sendComment("heartbeat");
                } else if (item.event() == null) {
                    client.sendData(item.data());
                } else {
                    client.sendEvent(item.event(), item.data());
                }
            }
            endResponse();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            // Usually the client went away: Javalin has closed it, or Jetty has already recycled the request
            // (closing it again would touch a recycled response). Logged with its cause, so a real bug shows too.
            LOG.debug("event stream {} ended: {}", this, e.toString());
        } finally {
            stopped = true;
            onEnd.accept(this);
        }
    }

    /** Jetty's callbacks for the request: the last moment the response can be ended, and the end itself. */
    private final class RequestEnd implements AsyncListener {
        @Override
        public void onError(AsyncEvent event) {
            stop();
            endResponse(); // while the request is still whole: Javalin's after-request work runs on it
            requestEnded = true;
        }

        @Override
        public void onTimeout(AsyncEvent event) {
            // Javalin's own listener answers a timeout; the stream ends with the request (onComplete)
        }

        @Override
        public void onComplete(AsyncEvent event) {
            requestEnded = true;
            stop();
        }

        @Override
        public void onStartAsync(AsyncEvent event) {
            // not restarted
        }
    }
}
