package dev.engram.cortex.tools;

/** A tool's arguments are wrong (or name something that is not there); the message says how to call it correctly. */
final class ToolArgException extends RuntimeException {
    ToolArgException(String message) {
        super(message);
    }
}
