package dev.engram.observe.imports;

import dev.engram.observe.api.ImportException;
import dev.engram.observe.api.ToolErrorText;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code ffprobe} / {@code ffmpeg} for the {@link MediaStep}: output into the journal (the slice, and stderr into
 * the import's {@code ffmpeg.log}), each run bounded by {@link #TIMEOUT} and killed past it. A missing tool, a
 * non-zero exit or a timeout is an {@link ImportException} naming the tool and the last words of its stderr.
 */
final class FfmpegRun {
    static final Duration TIMEOUT = Duration.ofMinutes(10);
    private static final int MAX_OUT = 4096;
    private static final int LAST_WORDS = 300;
    private final Path log;

    FfmpegRun(Path log) {
        this.log = log;
    }

    /** The media's length in seconds (more than 0), or {@code invalid_content}. */
    double duration(Path media) {
        String out = run(List.of("ffprobe", "-v", "error", "-show_entries", "format=duration", "-of",
                "default=noprint_wrappers=1:nokey=1", media.toString()), "ffprobe");
        try {
            double d = Double.parseDouble(out.strip());
            if (d > 0 && Double.isFinite(d)) {
                return d;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new ImportException("invalid_content", "cannot tell how long " + media.getFileName() + " lasts:"
                + " it is not audio or video ffprobe can read");
    }

    /** Writes {@code length} seconds from {@code offset} of the media's sound (mono) into {@code slice}. */
    void slice(Path media, int offset, int length, Path slice) {
        List<String> cmd = new ArrayList<>(List.of("ffmpeg", "-nostdin", "-v", "error", "-y", "-ss",
                Integer.toString(offset), "-t", Integer.toString(length), "-i", media.toString(), "-vn", "-ac", "1"));
        cmd.add(slice.toString());
        run(cmd, "ffmpeg");
        try {
            if (Files.size(slice) == 0) {
                throw new ImportException("invalid_content", "ffmpeg wrote an empty slice at " + offset + " s of "
                        + media.getFileName());
            }
        } catch (IOException e) {
            throw new ImportException("tool_failed", "ffmpeg wrote no slice at " + offset + " s of "
                    + media.getFileName() + ": " + e.getMessage());
        }
    }

    private String run(List<String> cmd, String tool) {
        Process p;
        try {
            p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        } catch (IOException e) {
            throw new ImportException("tool_missing", tool + " is not installed or cannot run (" + e.getMessage()
                    + "): install ffmpeg (e.g. apt-get install ffmpeg)");
        }
        try (InputStream in = p.getInputStream()) {
            p.getOutputStream().close();
            // stdout is one short line (ffprobe) or nothing (ffmpeg writes to a file): it fits the pipe's buffer
            if (!p.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new ImportException("timeout", tool + " took longer than " + TIMEOUT.toMinutes() + " min");
            }
            if (p.exitValue() != 0) {
                throw new ImportException("tool_failed", tool + " failed (exit " + p.exitValue() + "): "
                        + lastWords(cmd));
            }
            return new String(in.readNBytes(MAX_OUT), StandardCharsets.UTF_8);
        } catch (IOException e) {
            p.destroyForcibly();
            throw new ImportException("tool_failed", tool + " could not be read: " + e.getMessage());
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new ImportException("interrupted", tool + " was interrupted");
        }
    }

    /** The end of the log (this run's stderr, appended last), as the owner reads it ({@link ToolErrorText}). */
    private String lastWords(List<String> cmd) {
        try (java.nio.channels.SeekableByteChannel ch = Files.newByteChannel(log)) {
            java.nio.ByteBuffer tail = java.nio.ByteBuffer.allocate((int) Math.min(ch.size(), 4L * LAST_WORDS));
            ch.position(ch.size() - tail.capacity());
            while (tail.hasRemaining() && ch.read(tail) >= 0) {
                // read the log's tail whole
            }
            return new ToolErrorText(new String(tail.array(), 0, tail.position(), StandardCharsets.UTF_8), cmd)
                    .shown(LAST_WORDS);
        } catch (IOException e) {
            return "no message";
        }
    }
}
