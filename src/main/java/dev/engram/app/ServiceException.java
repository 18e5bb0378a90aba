package dev.engram.app;

/** A wrong service set-up: a duplicate name, a missing dependency, a dependency cycle, an absent registry entry. */
public final class ServiceException extends RuntimeException {
    public ServiceException(String message) {
        super(message);
    }
}
