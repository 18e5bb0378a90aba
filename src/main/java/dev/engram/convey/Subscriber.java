package dev.engram.convey;

import io.javalin.http.sse.SseClient;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** One connected browser: a bounded queue drained by its own sender thread, which also sends heartbeats. */
final class Subscriber {
    private final SseClient client;
    private final BlockingQueue<String> queue;
    private final Duration heartbeat;
    private volatile boolean stopped;
    private static final String STOP = new String("stop");

    private final Consumer<Subscriber> onEnd;

    Subscriber(SseClient client, int capacity, Duration heartbeat, Consumer<Subscriber> onEnd) {
        this.client = client;
        this.onEnd = onEnd;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.heartbeat = heartbeat;
    }

    void start() {
        Thread.ofVirtual().name("sse-sender").start(this::run);
    }

    boolean offer(String json) {
        return !stopped && queue.offer(json);
    }

    /** Stops sending and closes the connection, without waiting (a stalled socket write must not block the caller). */
    void disconnect() {
        stop();
        Thread.ofVirtual().name("sse-close").start(client::close);
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
                String json = queue.poll(heartbeat.toMillis(), TimeUnit.MILLISECONDS);
                if (stopped || json == STOP) {
                    break;
                }
                if (json == null) {
                    client.sendComment("heartbeat");
                } else {
                    client.sendData(json);
                }
            }
            if (!client.terminated()) {
                client.close();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            // The browser went away: Javalin has closed the client, or Jetty has already recycled the request
            // (closing it again would touch a recycled response).
            stopped = true;
        } finally {
            onEnd.accept(this);
        }
    }
}
