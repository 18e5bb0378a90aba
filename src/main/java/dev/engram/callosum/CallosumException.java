package dev.engram.callosum;

/** The bus cannot start or be reached (socket path too long, another bus running, I/O failure); the message says why. */
public final class CallosumException extends RuntimeException {
    public CallosumException(String message) {
        super(message);
    }

    public CallosumException(String message, Throwable cause) {
        super(message, cause);
    }
}
