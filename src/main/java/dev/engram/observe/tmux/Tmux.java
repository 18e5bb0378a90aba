package dev.engram.observe.tmux;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs the {@code tmux} client against one server (the default one, or a named socket {@code -L}) and parses its
 * {@code -F} formats. Every call is bounded: at most {@link #TIMEOUT_SECONDS} and {@link #MAX_OUTPUT} bytes of output.
 */
final class Tmux {
    static final int TIMEOUT_SECONDS = 5;
    static final int MAX_OUTPUT = 4 * 1024 * 1024;
    private static final String SEP = "\u001f";

    /** A client attached to a session; {@code activity} is tmux's epoch seconds of its last input. */
    record Client(String session, long activity) {
    }

    record Window(int index, String name, boolean active) {
    }

    record Pane(String id, int index, int left, int top, int width, int height, boolean active) {
    }

    private final List<String> base;

    /** {@code socketName}: tmux's {@code -L NAME}; empty for the default server. */
    Tmux(Optional<String> socketName) {
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
     * Runs one tmux command. With {@code noServerIsEmpty}, "no server running" (exit 1 and that message) answers an
     * empty string: nothing to capture is not a failure.
     */
    private String run(boolean noServerIsEmpty, String... args) throws TmuxException {
        List<String> cmd = new ArrayList<>(base);
        cmd.addAll(List.of(args));
        Process p;
        try {
            p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new TmuxException("cannot run tmux (" + e.getMessage() + "); install tmux (apt-get install tmux)");
        }
        try {
            p.getOutputStream().close();
            String out = read(p.getInputStream());
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new TmuxException("tmux " + args[0] + " did not answer within " + TIMEOUT_SECONDS + " s");
            }
            if (p.exitValue() != 0) {
                if (noServerIsEmpty && (out.contains("no server running") || out.contains("error connecting"))) {
                    return "";
                }
                throw new TmuxException("tmux " + args[0] + " failed (exit " + p.exitValue() + "): " + out.strip());
            }
            return out;
        } catch (IOException e) {
            p.destroyForcibly();
            throw new TmuxException("reading tmux " + args[0] + " failed: " + e.getMessage());
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new TmuxException("interrupted while running tmux " + args[0]);
        }
    }

    private static String read(InputStream in) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        byte[] chunk = new byte[8192];
        int n;
        while ((n = in.read(chunk)) > 0) {
            if (buf.size() + n > MAX_OUTPUT) {
                throw new IOException("more than " + MAX_OUTPUT + " bytes of output");
            }
            buf.write(chunk, 0, n);
        }
        return buf.toString(StandardCharsets.UTF_8);
    }

    /** A tmux command failed (not installed, timed out, bad exit); the message says which and why. */
    static final class TmuxException extends Exception {
        TmuxException(String message) {
            super(message);
        }
    }
}
