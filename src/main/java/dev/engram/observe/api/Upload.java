package dev.engram.observe.api;

import java.io.InputStream;

/**
 * One upload being received, in the order its multipart parts arrive: form fields ({@code day}, {@code segment},
 * {@code host}, {@code platform}, {@code meta}) and files, each file streamed to the journal's staging folder as it
 * is read (never held in memory). {@link #commit()} validates, checks for duplicates, moves the files into
 * {@code <day>/<segment>/} in one rename, appends the history and emits {@code observe.observing}. {@link #close()}
 * discards whatever was not committed. One thread uses an upload.
 */
public interface Upload extends AutoCloseable {
    void field(String name, String value);

    /** Streams one {@code files} part; an empty one is skipped (as in the reference); refused names throw. */
    void file(String submittedName, InputStream content);

    IngestResult commit();

    @Override
    void close();
}
