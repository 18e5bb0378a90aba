package dev.engram.observe.sense;

import dev.engram.observe.api.SenseException;
import dev.engram.observe.api.ToolErrorText;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * One run of a tool (ffmpeg, ffprobe, tesseract) with a deadline: its stderr is drained on a virtual thread into a
 * bounded tail (for the error message), and the process is killed when the deadline passes or the caller is
 * interrupted. Never reads or writes files itself: inputs go by stdin or by the path the caller checked.
 */
final class ChildProcess implements AutoCloseable {
    private static final int ERR_TAIL = 2048;
    private final String tool;
    private final List<String> command;
    private final Process process;
    private final long deadlineNanos;
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final Thread errReader;
    private volatile boolean killed;

    private ChildProcess(List<String> command, Process process, Duration timeout) {
        this.tool = command.getFirst();
        this.command = List.copyOf(command);
        this.process = process;
        this.deadlineNanos = System.nanoTime() + timeout.toNanos();
        this.errReader = Thread.ofVirtual().name("sense-" + tool + "-stderr").start(this::drainErr);
        // the watchdog: kills the tool at the deadline even while the caller is blocked reading its output
        process.onExit().orTimeout(Math.max(1, timeout.toMillis()), TimeUnit.MILLISECONDS).whenComplete((p, e) -> {
            if (e != null) {
                killed = true;
                process.destroyForcibly();
            }
        });
    }

    /** Starts {@code command}; a missing tool is a {@code TOOL} failure naming the package to install. */
    static ChildProcess start(List<String> command, Duration timeout) {
        String tool = command.getFirst();
        try {
            ProcessBuilder pb = new ProcessBuilder(command);
            pb.environment().put("OMP_THREAD_LIMIT", "1"); // tesseract: one core per OCR, the rest for Engram
            return new ChildProcess(command, pb.start(), timeout);
        } catch (IOException e) {
            throw new SenseException(SenseException.Kind.TOOL, tool + " cannot be started (" + e.getMessage()
                    + "): install it (Debian: apt-get install " + packageOf(tool) + ")", e);
        }
    }

    /** Runs {@code command} with {@code input} on stdin and returns its stdout (at most {@code maxOut} bytes). */
    static byte[] run(List<String> command, byte[] input, Duration timeout, int maxOut) {
        try (ChildProcess p = start(command, timeout)) {
            Thread writer = Thread.ofVirtual().name("sense-" + p.tool + "-stdin").start(() -> {
                try (OutputStream in = p.process.getOutputStream()) {
                    in.write(input);
                } catch (IOException ignored) {
                    // the tool stopped reading: its exit status and stderr tell why
                }
            });
            byte[] out = p.readAll(p.process.getInputStream(), maxOut);
            p.waitFor();
            writer.join(Duration.ofSeconds(1));
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SenseException(SenseException.Kind.TIMEOUT, command.getFirst() + " was interrupted");
        }
    }

    InputStream stdout() {
        return process.getInputStream();
    }

    /** Whether the deadline has passed (the caller then stops reading and the process is killed). */
    boolean overdue() {
        return killed || System.nanoTime() - deadlineNanos > 0;
    }

    /** Reads a stream to its end, failing when it exceeds {@code max} bytes or the deadline passes. */
    byte[] readAll(InputStream in, int max) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        try {
            int n;
            while ((n = in.read(buf)) >= 0) {
                if (killed) {
                    break;
                }
                if (out.size() + n > max) {
                    throw new SenseException(SenseException.Kind.TOOL, tool + " wrote more than " + max
                            + " bytes of output; stopped");
                }
                out.write(buf, 0, n);
                if (overdue()) {
                    throw new SenseException(SenseException.Kind.TIMEOUT, tool + " did not finish in time; stopped");
                }
            }
        } catch (IOException e) {
            throw new SenseException(SenseException.Kind.TOOL, tool + " output could not be read: " + e.getMessage(),
                    e);
        }
        return out.toByteArray();
    }

    /** Waits for the exit until the deadline; a non-zero exit is a {@code TOOL} failure with stderr's tail. */
    void waitFor() throws InterruptedException {
        long left = deadlineNanos - System.nanoTime();
        if (!process.waitFor(Math.max(left, 0), TimeUnit.NANOSECONDS)) {
            process.destroyForcibly();
            throw new SenseException(SenseException.Kind.TIMEOUT, tool + " did not finish in time; stopped");
        }
        if (killed) {
            throw new SenseException(SenseException.Kind.TIMEOUT, tool + " did not finish in time; stopped");
        }
        if (process.exitValue() != 0) {
            throw exitFailure();
        }
    }

    /**
     * The tool's own failure when it exits with an error within {@code grace} (what it wrote on stderr says more than
     * what its output lacked); empty when it is still running, exited cleanly or was killed at its deadline.
     */
    Optional<SenseException> failure(Duration grace) throws InterruptedException {
        if (!process.waitFor(grace.toNanos(), TimeUnit.NANOSECONDS) || killed || process.exitValue() == 0) {
            return Optional.empty();
        }
        return Optional.of(exitFailure());
    }

    private SenseException exitFailure() throws InterruptedException {
        errReader.join(Duration.ofSeconds(1));
        return new SenseException(SenseException.Kind.TOOL, tool + " failed (exit " + process.exitValue() + "): "
                + errTail());
    }

    /** The last part of what the tool wrote to stderr, on one line, as the owner reads it ({@link ToolErrorText}). */
    String errTail() {
        synchronized (err) {
            return new ToolErrorText(err.toString(StandardCharsets.UTF_8), command).shown(ERR_TAIL);
        }
    }

    private void drainErr() {
        byte[] buf = new byte[4096];
        try (InputStream in = process.getErrorStream()) {
            int n;
            while ((n = in.read(buf)) >= 0) {
                synchronized (err) {
                    if (err.size() + n > ERR_TAIL) {
                        byte[] keep = err.toByteArray();
                        err.reset();
                        int from = Math.max(0, keep.length + n - ERR_TAIL);
                        if (from < keep.length) {
                            err.write(keep, from, keep.length - from);
                        }
                    }
                    err.write(buf, 0, Math.min(n, ERR_TAIL));
                }
            }
        } catch (IOException ignored) {
            // the process ended
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
    }

    private static String packageOf(String tool) {
        return switch (tool) {
            case "tesseract" -> "tesseract-ocr tesseract-ocr-eng";
            case "ffmpeg", "ffprobe" -> "ffmpeg";
            default -> tool;
        };
    }
}
