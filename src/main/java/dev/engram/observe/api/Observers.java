package dev.engram.observe.api;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The observers allowed to deliver segments, and their keys (32 random bytes, url-safe base64, 43 characters). Only
 * a SHA-256 of each key is stored; a key is shown once, when created. Revoking or disabling takes effect for the very
 * next request. Thread-safe.
 */
public interface Observers {
    /** Creates an observer named {@code name} (1-64 printable characters) and returns its key, once. */
    NewObserver create(String name);

    /**
     * Creates an observer as {@link #create} does, for the owner (Convey's Observers app, {@code engram observer
     * create}): a name that an observer not revoked already has, compared without case, is refused with 409
     * {@code name_taken} naming that observer's key prefix, and nothing is created. Registration by an observer itself
     * ({@code /app/remote/api/create}, {@code /app/observer/register}) uses {@link #create}: a reinstalled observer
     * registers again under its old name, as with the reference.
     */
    NewObserver createUnique(String name);

    /** Every observer, revoked ones included, by name. */
    List<Observer> list();

    /** The observer whose key starts with {@code prefix} (at least 4 characters, unambiguous), if any. */
    Optional<Observer> find(String prefix);

    /** Revokes for good; empty when no observer has that prefix; unchanged when it was revoked already. */
    Optional<ObserverChange> revoke(String prefix);

    /**
     * Disables (refused with 403 until enabled again) or enables; empty when no observer has that prefix. A revoked
     * observer is revoked for good: enabling or disabling it throws an {@link IngestException} (409) and changes
     * nothing. Unchanged when it was already so.
     */
    Optional<ObserverChange> setEnabled(String prefix, boolean enabled);

    /** Checks a presented key in constant time. */
    KeyCheck check(String key);

    /** One observer's upload history of a day (the history records, oldest first). */
    List<Map<String, Object>> history(String prefix, String day);

    /** The days with upload history of one observer, newest first. */
    List<String> historyDays(String prefix);

    /**
     * One observer's uploads refused with 507 and kept in {@code failed_path} (newest first, at most
     * {@value #MAX_FAILED_LISTED}); empty when none, or when no observer has that prefix.
     */
    default List<FailedUpload> failedUploads(String prefix) {
        return List.of();
    }

    /** The most failed uploads {@link #failedUploads} lists per observer. */
    int MAX_FAILED_LISTED = 200;

    /** Whether registration without a login session is accepted from loopback (config {@code ingest.local_registration}). */
    boolean localRegistration();

    void setLocalRegistration(boolean allowed);
}
