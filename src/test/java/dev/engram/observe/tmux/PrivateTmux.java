package dev.engram.observe.tmux;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A private tmux server for a test ({@code tmux -L <unique> -f /dev/null}) with one session running {@code sh}, and an
 * attached client in control mode (a real attached client without a terminal). Closing kills the server.
 */
public final class PrivateTmux implements AutoCloseable {
    public final String socket = "engram-test-" + UUID.randomUUID().toString().substring(0, 8);
    private final List<Process> clients = new ArrayList<>();

    public PrivateTmux(String session) throws Exception {
        run("-f", "/dev/null", "new-session", "-d", "-s", session, "-x", "100", "-y", "20", "env", "PS1=$ ", "sh");
    }

    /** Attaches a control-mode client to {@code session}; it stays attached until {@link #close}. */
    public void attach(String session) throws IOException {
        Process p = new ProcessBuilder("tmux", "-L", socket, "-C", "attach", "-t", session)
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        clients.add(p);
    }

    public void type(String session, String text) throws Exception {
        run("send-keys", "-t", session, text, "Enter");
    }

    public void run(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("tmux", "-L", socket));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("tmux " + String.join(" ", args) + " failed: " + out);
        }
    }

    @Override
    public void close() throws Exception {
        for (Process p : clients) {
            p.getOutputStream().close();
        }
        try {
            run("kill-server");
        } catch (IllegalStateException e) {
            // already gone
        }
        for (Process p : clients) {
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }
}
