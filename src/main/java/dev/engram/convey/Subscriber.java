package dev.engram.convey;

import io.javalin.http.sse.SseClient;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/** One connected browser: a bounded queue drained by its own sender thread, which also sends heartbeats. */
final class Subscriber {
    private final SseClient client;
    private final BlockingQueue<String> queue;
    private final Duration heartbeat;
    private volatile boolean stopped;
    private static final String STOP = new String("stop");

    Subscriber(SseClient client, int capacity, Duration heartbeat) {
        this.client = client;
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
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            stopped = true;
        } finally {
            if (!client.terminated()) {
                client.close();
            }
        }
    }
}
