package dev.engram.convey;

/** Convey could not start or run: the message is one line naming the cause and the fix. Unchecked. */
public final class ConveyException extends RuntimeException {
    public ConveyException(String message) {
        super(message);
    }

    public ConveyException(String message, Throwable cause) {
        super(message, cause);
    }
}
