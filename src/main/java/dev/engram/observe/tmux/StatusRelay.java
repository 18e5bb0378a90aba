package dev.engram.observe.tmux;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import tools.jackson.databind.node.ObjectNode;

/**
 * Sends the observer's latest {@link TmuxStatus}: the first one at once, then the latest every {@code every} on its own
 * daemon thread ({@code tmux-status}), one at once whenever the captured sessions change (a session attached or
 * closed shows in the Observers app within a capture, not at the next period), and the last one (not capturing) once
 * more at {@link #close}. Both sinks use it:
 * the remote one POSTs it to the other Engram, the local one puts it on the bus. {@code send} must not throw (a failure
 * is its own to log). Also builds the event's common body, the reference tmux observer's {@code observe.status}.
 */
final class StatusRelay implements AutoCloseable {
    /**
     * How often the status is sent: well inside the observers app's 30 s "connected" window (the reference relays
     * every second; Engram's own observers app needs no more than this, and a remote relay is a line of the
     * outbound log).
     */
    static final Duration EVERY = Duration.ofSeconds(10);
    static final String VERSION = Objects.requireNonNullElse(
            StatusRelay.class.getPackage().getImplementationVersion(), "development");
    private final Consumer<TmuxStatus> send;
    private final Duration every;
    private final ScheduledExecutorService thread;
    private final AtomicReference<TmuxStatus> latest = new AtomicReference<>();
    private final long startedAt = System.currentTimeMillis();
    private volatile boolean stopping;

    StatusRelay(Consumer<TmuxStatus> send, Duration every) {
        this.send = send;
        this.every = every;
        this.thread = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("tmux-status").factory());
    }

    void start() {
        thread.scheduleWithFixedDelay(this::sendLatest, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    Duration every() {
        return every;
    }

    /** Keeps the latest status; the first one, and one whose sessions changed, is sent at once. Never blocks. */
    void offer(TmuxStatus status) {
        TmuxStatus before = latest.getAndSet(status);
        if ((before == null || !before.sessions().equals(status.sessions())) && !stopping) {
            try {
                thread.execute(this::sendLatest);
            } catch (RejectedExecutionException e) {
                // closing: the last status is sent by close()
            }
        }
    }

    private void sendLatest() {
        TmuxStatus s = latest.get();
        if (s != null) {
            send.accept(s);
        }
    }

    /** The event's common fields: {@code tract, event, mode, tmux{...}, host, platform, stream, name, ...}. */
    ObjectNode event(TmuxStatus s, Origin origin) {
        ObjectNode e = Snapshot.JSON.createObjectNode().put("tract", "observe").put("event", "status")
                .put("mode", "tmux");
        ObjectNode t = e.putObject("tmux").put("capturing", s.capturing()).put("captures", s.captures());
        s.sessions().forEach(t.putArray("sessions")::add);
        t.put("window_elapsed_seconds", s.windowElapsedSeconds());
        String stream = stream(origin);
        e.put("host", origin.host()).put("platform", origin.platform()).put("stream", stream)
                .put("name", stream).put("stream_type", "tmux").put("version", VERSION)
                .put("uptime", (System.currentTimeMillis() - startedAt) / 1000);
        return e;
    }

    /**
     * The observer's stream name, {@code <short host>.tmux}, as the reference names it: a host name reduced to its
     * first label, an IP address (v4 or v6) dash-joined ({@code 10.0.0.7} is {@code 10-0-0-7.tmux}).
     */
    static String stream(Origin origin) {
        String host = origin.host().toLowerCase(Locale.ROOT);
        boolean ip = host.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}") || host.contains(":");
        String h = (ip ? host.replaceAll("[.:]+", "-") : host.split("\\.")[0]).replaceAll("[^a-z0-9._-]", "-");
        h = h.substring(0, Math.min(h.length(), 59)); // a stream name is at most 64 characters, ".tmux" included
        return (h.isEmpty() || !Character.isLetterOrDigit(h.charAt(0)) ? "host" : h) + ".tmux";
    }

    /** Stops the timer (waiting up to 5 s for a send in progress), then sends the latest status once more. */
    @Override
    public void close() {
        stopping = true;
        thread.shutdownNow();
        try {
            thread.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        TmuxStatus last = latest.get();
        if (last != null) {
            send.accept(last);
        }
    }
}
