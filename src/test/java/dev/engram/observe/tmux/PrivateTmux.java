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
    private final long serverPid;
    /** A scratch folder for a {@link Tmux}'s call outputs (the journal's in production). */
    public final java.nio.file.Path scratch = java.nio.file.Files.createTempDirectory("private-tmux-scratch");

    public PrivateTmux(String session) throws Exception {
        run("-f", "/dev/null", "new-session", "-d", "-s", session, "-x", "100", "-y", "20", "env", "PS1=$ ", "sh");
        Process p = new ProcessBuilder("tmux", "-L", socket, "display-message", "-p", "#{pid}").start();
        serverPid = Long.parseLong(new String(p.getInputStream().readAllBytes()).strip());
        p.waitFor(10, TimeUnit.SECONDS);
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

    /**
     * Sends {@code signal} ({@code STOP}, {@code CONT}) to the tmux server: a stopped server accepts connections but
     * never answers, as a hung one.
     */
    public void signalServer(String signal) throws Exception {
        Process p = new ProcessBuilder("kill", "-" + signal, String.valueOf(serverPid)).redirectErrorStream(true)
                .start();
        if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("kill -" + signal + " " + serverPid + " failed");
        }
    }

    /** The live processes whose command line names this server and {@code word} (a tmux call left behind). */
    public List<ProcessHandle> processesWith(String word) {
        return ProcessHandle.allProcesses().filter(h -> h.isAlive() && h.info().commandLine()
                .map(c -> c.contains(socket) && c.contains(word)).orElse(false)).toList();
    }

    /** What a test that failed waiting for a capture should say: tmux's clients, and whether ours still run. */
    public String clients() {
        try {
            return run("list-clients", "-F", "#{client_session} activity #{client_activity}").strip()
                    + " (attached by this test and running: " + clients.stream().filter(Process::isAlive).count()
                    + " of " + clients.size() + ")";
        } catch (Exception e) {
            return "unknown: " + e.getMessage();
        }
    }

    /** Runs a tmux command on this server; returns its output. */
    public String run(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("tmux", "-L", socket));
        cmd.addAll(List.of(args));
        // the output goes to a file, so a server that never answers (stopped) cannot block the read: bounded wait
        java.nio.file.Path out = java.nio.file.Files.createTempFile("private-tmux", ".out");
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
            boolean ended = p.waitFor(10, TimeUnit.SECONDS);
            if (!ended) {
                p.destroyForcibly();
            }
            if (!ended || p.exitValue() != 0) {
                throw new IllegalStateException("tmux " + String.join(" ", args) + (ended ? " failed: "
                        + java.nio.file.Files.readString(out) : " did not end within 10 s"));
            }
            return java.nio.file.Files.readString(out);
        } finally {
            java.nio.file.Files.deleteIfExists(out);
        }
    }

    @Override
    public void close() throws Exception {
        for (Process p : clients) {
            p.getOutputStream().close();
        }
        try {
            signalServer("CONT"); // a test that stopped it and failed before continuing it: kill-server needs it
        } catch (IllegalStateException e) {
            // already gone
        }
        try {
            run("kill-server");
        } catch (IllegalStateException e) {
            ProcessHandle.of(serverPid).ifPresent(ProcessHandle::destroyForcibly); // gone, or not answering
        }
        for (Process p : clients) {
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
        java.nio.file.Files.deleteIfExists(scratch); // empty: each call removes its output
    }
}
