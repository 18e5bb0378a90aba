package dev.engram.index.api;

/** The index cannot be opened, written or read; the message names the folder, the cause and the fix. */
public class IndexException extends RuntimeException {
    public IndexException(String message) {
        super(message);
    }

    public IndexException(String message, Throwable cause) {
        super(message, cause);
    }
}
