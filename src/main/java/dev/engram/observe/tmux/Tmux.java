package dev.engram.observe.tmux;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Runs the {@code tmux} client against one server (the default one, or a named socket {@code -L}) and parses its
 * {@code -F} formats. Every call is bounded: at most {@link #TIMEOUT_SECONDS} (from its start to its exit; a call
 * past it is killed with its descendants) and {@link #MAX_OUTPUT} bytes of output. Thread-safe; {@link #close}
 * may be called from any thread.
 */
final class Tmux {
    static final int TIMEOUT_SECONDS = 5;
    static final int MAX_OUTPUT = 4 * 1024 * 1024;
    private static final String SEP = "\u001f";
    /** How often a running call's output size is checked against {@link #MAX_OUTPUT}. */
    private static final long WATCH_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    /** A client attached to a session; {@code activity} is tmux's epoch seconds of its last input. */
    record Client(String session, long activity) {
    }

    record Window(int index, String name, boolean active) {
    }

    record Pane(String id, int index, int left, int top, int width, int height, boolean active) {
    }

    /** What tmux says when a session, window or pane named in a command closed meanwhile. */
    private static final Pattern GONE = Pattern.compile("can't find (session|window|pane)");

    private final List<String> base;
    private final Path scratch;
    private final Duration timeout;
    private final Set<Process> running = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    /**
     * {@code socketName}: tmux's {@code -L NAME}; empty for the default server. {@code scratch}: where each call's
     * output is written while it runs (a journal's scratch folder: captured terminal text never goes to the system
     * temporary folder).
     */
    Tmux(Optional<String> socketName, Path scratch) {
        this(socketName, scratch, Duration.ofSeconds(TIMEOUT_SECONDS));
    }

    /** {@code timeout}: the bound of each call, from its start to its exit (5 s by default; shorter in tests). */
    Tmux(Optional<String> socketName, Path scratch, Duration timeout) {
        this.scratch = scratch;
        this.timeout = timeout;
        base = new ArrayList<>(List.of("tmux"));
        socketName.ifPresent(s -> base.addAll(List.of("-L", s)));
    }

    /** Attached clients; empty when no tmux server runs. */
    List<Client> clients() throws TmuxException {
        List<Client> out = new ArrayList<>();
        for (String[] f : rows(run(true, "list-clients", "-F", fmt("client_session", "client_activity")), 2)) {
            out.add(new Client(f[0], parseLong(f[1])));
        }
        return out;
    }

    List<Window> windows(String session) throws TmuxException {
        List<Window> out = new ArrayList<>();
        for (String[] f : rows(run(false, "list-windows", "-t", target(session), "-F",
                fmt("window_index", "window_name", "window_active")), 3)) {
            out.add(new Window((int) parseLong(f[0]), f[1], "1".equals(f[2])));
        }
        return out;
    }

    /** The panes of the session's current window. */
    List<Pane> panes(String session) throws TmuxException {
        List<Pane> out = new ArrayList<>();
        for (String[] f : rows(run(false, "list-panes", "-t", target(session), "-F", fmt("pane_id", "pane_index",
                "pane_left", "pane_top", "pane_width", "pane_height", "pane_active")), 7)) {
            out.add(new Pane(f[0], (int) parseLong(f[1]), (int) parseLong(f[2]), (int) parseLong(f[3]),
                    (int) parseLong(f[4]), (int) parseLong(f[5]), "1".equals(f[6])));
        }
        return out;
    }

    /** The visible text of a pane with its colours as ANSI escapes ({@code capture-pane -p -e}). */
    String capture(String paneId) throws TmuxException {
        return run(false, "capture-pane", "-p", "-e", "-t", paneId);
    }

    /** {@code =NAME:} targets the session named exactly NAME (no prefix matching). */
    private static String target(String session) {
        return "=" + session + ":";
    }

    private static String fmt(String... vars) {
        StringBuilder sb = new StringBuilder();
        for (String v : vars) {
            sb.append(sb.isEmpty() ? "" : SEP).append("#{").append(v).append('}');
        }
        return sb.toString();
    }

    private static List<String[]> rows(String text, int fields) {
        List<String[]> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            String[] f = line.split(SEP, -1);
            if (f.length == fields) {
                out.add(f);
            }
        }
        return out;
    }

    private static long parseLong(String s) {
        try {
            return Long.parseLong(s.strip());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /**
     * Runs one tmux command, bounded as a whole by the timeout. Its output goes to a temporary file of its own in the
     * scratch folder (owner only, removed after the call), not a pipe: the tmux client hands its output to the server,
     * so a stopped or hung server would hold a pipe open, and a reader of it would wait, for as long as the server
     * hangs. On timeout, on too much output, or when {@link #close} is called, the tmux process and its descendants are
     * killed. With {@code noServerIsEmpty}, "no server running" (exit 1 and that message) answers an empty string:
     * nothing to capture is not a failure.
     */
    private String run(boolean noServerIsEmpty, String... args) throws TmuxException {
        String what = "tmux " + args[0];
        if (closed) {
            throw new TmuxException(what + " was not run: the observer is stopping", Kind.STOPPED);
        }
        Path output = null;
        Process p = null;
        try {
            output = Files.createTempFile(scratch, "tmux-", ".out");
            List<String> cmd = new ArrayList<>(base);
            cmd.addAll(List.of(args));
            try {
                p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(output.toFile()).start();
            } catch (IOException e) {
                throw new TmuxException("cannot run tmux (" + e.getMessage() + "); install tmux (apt-get install tmux)",
                        Kind.FAILED);
            }
            running.add(p);
            if (closed) {
                kill(p);
            }
            p.getOutputStream().close();
            return finish(p, output, what, noServerIsEmpty);
        } catch (IOException e) {
            throw new TmuxException("running " + what + " failed: " + e.getMessage(), Kind.FAILED);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TmuxException("interrupted while running " + what, Kind.STOPPED);
        } finally {
            if (p != null) {
                if (p.isAlive()) {
                    kill(p); // it must not outlive its call
                }
                running.remove(p);
            }
            if (output != null) {
                try {
                    Files.deleteIfExists(output);
                } catch (IOException e) {
                    // a temporary file left in the temporary folder
                }
            }
        }
    }

    /** Waits for {@code p} up to the timeout, watching its output's size; then its output, or why it failed. */
    private String finish(Process p, Path output, String what, boolean noServerIsEmpty)
            throws IOException, InterruptedException, TmuxException {
        long deadline = System.nanoTime() + timeout.toNanos();
        boolean ended = false;
        while (!ended && Files.size(output) <= MAX_OUTPUT) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new TmuxException(what + " did not answer within " + seconds(timeout) + " s and was killed"
                        + " (is the tmux server stopped or hung?)", Kind.TIMED_OUT);
            }
            ended = p.waitFor(Math.min(left, WATCH_NANOS), TimeUnit.NANOSECONDS);
        }
        if (closed) {
            throw new TmuxException(what + " was ended: the observer is stopping", Kind.STOPPED);
        }
        byte[] bytes;
        try (InputStream in = Files.newInputStream(output)) {
            bytes = in.readNBytes(MAX_OUTPUT + 1);
        }
        if (bytes.length > MAX_OUTPUT) {
            throw new TmuxException(what + " wrote more than " + MAX_OUTPUT + " bytes of output", Kind.FAILED);
        }
        String text = new String(bytes, StandardCharsets.UTF_8);
        if (p.exitValue() != 0) {
            if (noServerIsEmpty && (text.contains("no server running") || text.contains("error connecting"))) {
                return "";
            }
            throw new TmuxException(what + " failed (exit " + p.exitValue() + "): " + text.strip(),
                    GONE.matcher(text).find() ? Kind.GONE : Kind.FAILED);
        }
        return text;
    }

    /** Ends every tmux call in flight at once (killed) and refuses new ones: the observer is stopping. */
    void close() {
        closed = true;
        running.forEach(Tmux::kill);
    }

    /** Kills a tmux process and whatever it started (its descendants first: they would be orphaned). */
    private static void kill(Process p) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? String.valueOf(d.toSeconds()) : String.valueOf(d.toMillis() / 1000.0);
    }

    /** What kind of failure: the server did not answer in time, the session (window, pane) is gone, or other. */
    enum Kind { FAILED, TIMED_OUT, GONE, STOPPED }

    /** A tmux command failed (not installed, timed out, bad exit); the message says which and why. */
    static final class TmuxException extends Exception {
        private final Kind kind;

        TmuxException(String message, Kind kind) {
            super(message);
            this.kind = kind;
        }

        Kind kind() {
            return kind;
        }
    }
}
