package dev.engram.observe.api;

import java.io.InputStream;
import java.util.Set;

/**
 * The importer: brings a transcript, document, calendar, recording or video into the journal (segments with
 * {@code imported_audio.jsonl}, facet events) and records it in {@code imports/<id>/import.json}. Registered by the
 * composition root; apps find it with {@code context.service(Imports.class)}.
 *
 * <p>Threads: safe from any thread. Imports run one at a time on the importer's own worker; {@link #start} returns
 * once the original is stored. Failures: {@link ImportException} with a reason code; nothing half-written (a
 * failed import writes no segment and stays listed as {@code failed} with its error).
 */
public interface Imports {
    /** The largest file accepted. */
    long MAX_BYTES = 512L * 1024 * 1024;

    /** The extensions (lower case, no dot) that can be imported now, sorted. */
    Set<String> extensions();

    /**
     * Checks the name, the facet and what the kind needs (e.g. a transcription provider for audio) before any byte
     * is read; throws {@link ImportException} when they will not do.
     */
    void check(ImportOptions options);

    /** Imports and waits for the end; {@code progress} hears about long imports (may be called from another thread). */
    ImportResult importFile(InputStream in, ImportOptions options, Progress progress);

    /** Imports and waits for the end. */
    default ImportResult importFile(InputStream in, ImportOptions options) {
        return importFile(in, options, (id, done, total) -> { });
    }

    /**
     * Stores the original and goes on in the background: the answer is {@code imported} when it ended within a
     * moment, else {@code importing} ({@code duplicate}, or {@code failed} with the error as its note, when it began
     * and failed at once; a refusal of the input is still thrown); the record's {@code status}, {@code progress} {done, total} and {@code error} tell how it goes.
     */
    ImportResult start(InputStream in, ImportOptions options);

    /** Progress of a long import: {@code done} of {@code total} pieces (e.g. 5-minute windows) transcribed. */
    @FunctionalInterface
    interface Progress {
        void update(String id, int done, int total);
    }
}
