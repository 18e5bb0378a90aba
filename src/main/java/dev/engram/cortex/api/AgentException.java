package dev.engram.cortex.api;

/**
 * A run that cannot be started or found, with a reason code the web APIs answer ({@code invalid_request},
 * {@code unknown_persona}, {@code unknown_run}, {@code still_running}, {@code too_many_runs}) and a message saying
 * what to do.
 */
public class AgentException extends RuntimeException {
    private final String reasonCode;

    public AgentException(String reasonCode, String message) {
        super(message);
        this.reasonCode = reasonCode;
    }

    public String reasonCode() {
        return reasonCode;
    }
}
