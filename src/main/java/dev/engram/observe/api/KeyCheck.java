package dev.engram.observe.api;

import java.util.Optional;

/** The outcome of checking a presented key: which observer it belongs to, and whether it may upload. */
public record KeyCheck(Status status, Optional<Observer> observer) {
    public enum Status { OK, UNKNOWN, REVOKED, DISABLED }

    public boolean ok() {
        return status == Status.OK;
    }
}
