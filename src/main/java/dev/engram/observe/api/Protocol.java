package dev.engram.observe.api;

/**
 * The two ingest protocols: {@link #REMOTE} is the reference's SEED {@code /app/remote/...} (key in the path, events
 * tagged {@code remote}); {@link #OBSERVER} is the later {@code /app/observer/...} (bearer key, events tagged
 * {@code observer}).
 */
public enum Protocol {
    REMOTE("remote", "Remote"),
    OBSERVER("observer", "Observer");

    private final String field;
    private final String noun;

    Protocol(String field, String noun) {
        this.field = field;
        this.noun = noun;
    }

    /** The bus field naming the observer in relayed events ({@code remote} or {@code observer}). */
    public String field() {
        return field;
    }

    /** How the reference's errors name the client ("Remote revoked", "Observer revoked"). */
    public String noun() {
        return noun;
    }
}
