package dev.engram.app;

import java.util.List;
import java.util.Objects;

/**
 * Why one app was not registered: its name (as far as known), its class and every problem found, each naming
 * {@code Class#method} (or the class) and the fix.
 */
public record RegistrationFailure(String app, String appClass, List<String> problems) {
    public RegistrationFailure {
        Objects.requireNonNull(app, "app");
        Objects.requireNonNull(appClass, "appClass");
        problems = List.copyOf(problems);
    }

    /** All problems on one line. */
    public String message() {
        return String.join("; ", problems);
    }
}
