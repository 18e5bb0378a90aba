package dev.engram.app;

import java.util.List;

/** The outcome of {@link EventDispatcher#register}: the apps now registered (in order), and those refused. */
public record RegistrationReport(List<String> registered, List<RegistrationFailure> failures) {
    public RegistrationReport {
        registered = List.copyOf(registered);
        failures = List.copyOf(failures);
    }

    public boolean ok() {
        return failures.isEmpty();
    }
}
