package dev.engram.journal;

/**
 * A journal operation failed: the message names the file or name involved, the cause and the fix.
 * Unchecked, like every Engram module exception.
 */
public class JournalException extends RuntimeException {
    public JournalException(String message) {
        super(message);
    }

    public JournalException(String message, Throwable cause) {
        super(message, cause);
    }
}
