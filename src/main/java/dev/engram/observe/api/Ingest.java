package dev.engram.observe.api;

import java.util.List;
import java.util.Map;

/** Receives segments and events from observers (both protocols). Thread-safe. */
public interface Ingest {
    /** Starts receiving an upload of an observer whose key was checked ({@link Observers#check}). */
    Upload begin(Observer observer, Protocol protocol);

    /**
     * The sync check: the day's segments this observer delivered, sorted by key, in the reference's shape
     * ({@code key, observed, files[{name,size,sha256,submitted_name?,status,current_path?}], original_key?}); with
     * {@code stream} only that stream's.
     */
    List<Map<String, Object>> segments(Observer observer, String day, String stream);

    /** Relays an observer's bus event with {@code remote}/{@code observer} added; a status event counts as seen. */
    void relay(Observer observer, Protocol protocol, Map<String, Object> event);

    /**
     * The latest {@code observe.status} event each observer relayed, by key prefix (for the observers app): only its
     * well-typed known fields ({@code mode}, {@code host}, {@code tmux.sessions} as a list of names, ...) and
     * {@code received_at}; a revoked observer's is forgotten. The bus gets the event as it was sent.
     */
    Map<String, Map<String, Object>> latestStatus();

    /** Records that sense finished a segment an observer delivered ({@code observe.observed} with its name). */
    void observed(String observerName, String day, String segment);

    /** The per-request size limit in bytes ({@code config/journal.json} {@code ingest.max_request_bytes}). */
    long maxRequestBytes();
}
