/**
 * The importer ({@code engram import FILE}, the Imports app): brings documents into the journal as segments the
 * rest of Engram reads like observed ones. {@link dev.engram.observe.imports.Importer} stores the original in
 * {@code imports/<id>/} with {@code import.json} (SHA-256 included, so the same file is never imported twice), hands
 * it to the {@link dev.engram.observe.imports.ImportStep} of its extension (text transcripts {@code .txt}/{@code .md},
 * PDF through PDFBox, iCalendar {@code .ics} into the facet's events, and {@code MediaStep}: audio and video sliced by
 * ffmpeg into 5-minute windows, each transcribed through {@code observe.api.AudioTranscriber}), commits each segment with {@code imported_audio.jsonl} through {@code journal.stageSegment()} and
 * announces {@code observe.observed} per segment.
 *
 * It implements {@code observe.api.Imports}, the contract apps use. {@code ImportRecords} reads and starts the
 * {@code import.json} records (a free id, an earlier import of the same content: duplicate, or a failed or
 * interrupted one to retry); {@code CalendarStep.append} merges a calendar's events into the facet without repeating
 * one (by UID and start). An import holds its content's {@code journal.JournalLock} (a file lock, across processes)
 * until it ends, so one content is imported once at a time.
 *
 * <p>Threading: the original is stored on the caller's thread; imports run one at a time on the importer's worker
 * thread ({@code start} returns after 2 s, the rest goes on in the background); steps are stateless; ffmpeg runs are
 * bounded (10 min each). Failures: content that cannot be imported throws
 * {@link dev.engram.observe.api.ImportException} with a one-line reason and keeps nothing; an
 * unexpected failure while writing marks the import {@code failed} in its record (kept for the owner to see). Every
 * reader is bounded (file size, pages, characters, lines, events).
 */
package dev.engram.observe.imports;
