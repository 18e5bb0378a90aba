package dev.engram.cli;

/** A command's arguments are wrong in a way picocli cannot check (e.g. a bad day); exits with status 2. */
final class UsageException extends RuntimeException {
    UsageException(String message) {
        super(message);
    }
}
