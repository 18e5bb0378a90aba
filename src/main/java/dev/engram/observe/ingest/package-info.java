/**
 * Remote ingest: observers on this or other machines deliver segments over HTTP (the reference's SEED
 * {@code /app/remote/...} protocol and the later {@code /app/observer/...}; the HTTP side is in
 * {@code apps.observers}). {@link dev.engram.observe.ingest.IngestService} implements
 * {@link dev.engram.observe.api.Observers} and {@link dev.engram.observe.api.Ingest} as the front of the package:
 * {@code StagedUpload} streams one upload's files into the staging folder and validates its fields, {@code Delivery}
 * stores it (duplicate check, commit, history line, counters, announcement), {@code Counters} keeps the display
 * counters (their received and observed counts taken from the history at load, {@code HistoryTotals}),
 * {@code StatusRelay} relays an observer's own {@code observe.*} events.
 *
 * <p>Storage: keys as SHA-256 hashes in {@code apps/observers/observers/<prefix>.json} (atomic writes; an in-memory
 * snapshot swapped after each write, so concurrent requests never see a half-written record; a solstone journal's
 * own observer records, keys in plain text, are taken into it at start by {@code LegacyObservers} and left as they
 * are); each upload streamed
 * into the journal's staging folder (sha256 and fsync per file), with its {@code stream.json} (the upload's stream,
 * staged before the day's lock), and committed into {@code <day>/<segment>/} in one rename; the history line
 * {@code apps/observers/observers/<prefix>/hist/<day>.jsonl} appended with fsync before the
 * answer; then {@code observe.observing} on the bus.
 *
 * <p>Threading: called on request threads; per (observer, day) a lock covers duplicate check, commit and history.
 * Failures: bad input is an {@link dev.engram.observe.api.IngestException} (nothing kept); once the files are in
 * their segment folder the upload is kept and answered 200 (a history line that cannot be written is kept in memory
 * and written later; an {@code observe.observing} the bus refused is queued and sent before the next event, by
 * {@link dev.engram.observe.ingest.Announcements}, ingest's side of the bus); when no
 * segment key is free (507) the files are kept in {@code apps/observers/failed/} ({@link
 * dev.engram.observe.ingest.FailedUploads}, bounded). Writers of a day's history hold {@code History.lock}; sense's
 * {@code observed} line is recorded under it and fsynced right after it is released (durable before {@code observed}
 * returns), so this observer's next upload never waits for that fsync; a second {@code observed} of the same segment
 * writes nothing. At start, {@code Unobserved} announces again the delivered segments of recent days that have no
 * {@code observed} line (a crash between the answer and sense's end), on a background thread.
 */
package dev.engram.observe.ingest;
