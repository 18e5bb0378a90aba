package dev.engram.observe.imports;

import dev.engram.observe.api.ImportException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;

/**
 * Turns one kind of imported file into segments and events: the plug-in point of the {@link Importer}. Built in are
 * text transcripts ({@code .txt}, {@code .md}), PDF ({@code .pdf}) and calendars ({@code .ics}); a media step (audio
 * and video through a transcription provider, sliced into 5-minute segments) registers the same way, through
 * {@link Importer#Importer(dev.engram.journal.Journal, dev.engram.callosum.Emitter, java.util.List)}.
 * A step that takes long reports {@link ImportContext#progress} as it goes.
 * Implementations must be thread-safe and bound what they read.
 */
public interface ImportStep {
    /** The lower-case file extensions (without the dot) this step reads, e.g. {@code txt}. */
    Set<String> extensions();

    /** What the import's {@code import.json} calls this kind ({@code transcript}, {@code document}, ...). */
    String kind();

    /** Whether this kind needs a facet ({@code --facet}): calendars do, their events belong to one. */
    default boolean needsFacet() {
        return false;
    }

    /**
     * Checks, before any byte is read, that this step can work now (e.g. a transcription provider is configured);
     * throws {@link ImportException} saying what to do.
     */
    default void check() {
    }

    /**
     * Reads {@code original} (already stored in {@code imports/<id>/}) and returns what to write. Attachments
     * of the segments must be files inside the journal (e.g. written with {@code journal.imports().writeFile}).
     * Throws {@link ImportException} for content that cannot be imported (the message says why).
     */
    ImportedContent read(Path original, ImportContext context) throws IOException;

    /** Removes the step's working files of the import (called after it ended, however it ended). */
    default void cleanUp(ImportContext context) {
    }
}
