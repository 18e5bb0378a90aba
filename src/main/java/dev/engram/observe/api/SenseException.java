package dev.engram.observe.api;

/**
 * Why a file could not be transcribed or read; the message names the file or provider and the fix, never a key.
 */
public class SenseException extends RuntimeException {
    /** What kind of failure, so callers can tell "configure it" from "try again later". */
    public enum Kind {
        /** No transcription endpoint (or model) is configured. */
        NOT_CONFIGURED,
        /** The provider answered with an error (401, 429, 5xx) or an answer that is not its documented shape. */
        PROVIDER,
        /** The provider or a child process (ffmpeg, tesseract) took longer than its configured time. */
        TIMEOUT,
        /** A tool is missing or failed (ffmpeg, ffprobe, tesseract). */
        TOOL,
        /** The input file is missing, empty, too large or not media. */
        INPUT,
        /** A video file (.mp4 .webm .mov) holds no picture, only sound: it is transcribed instead. */
        NO_PICTURE
    }

    private final Kind kind;

    public SenseException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public SenseException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
