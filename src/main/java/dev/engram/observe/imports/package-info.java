/**
 * The importer ({@code engram import FILE}, the Imports app): brings documents into the journal as segments the
 * rest of Engram reads like observed ones. {@link dev.engram.observe.imports.Importer} stores the original in
 * {@code imports/<id>/} with {@code import.json} (SHA-256 included, so the same file is never imported twice), hands
 * it to the {@link dev.engram.observe.imports.ImportStep} of its extension (text transcripts {@code .txt}/{@code .md},
 * PDF through PDFBox, iCalendar {@code .ics} into the facet's events; a media step for audio and video plugs in the
 * same way), commits each segment with {@code imported_audio.jsonl} through {@code journal.stageSegment()} and
 * announces {@code observe.observed} per segment.
 *
 * <p>Threading: one import at a time per importer (synchronized); steps are stateless. Failures: content that cannot
 * be imported throws {@link dev.engram.observe.imports.ImportException} with a one-line reason and keeps nothing; an
 * unexpected failure while writing marks the import {@code failed} in its record (kept for the owner to see). Every
 * reader is bounded (file size, pages, characters, lines, events).
 */
package dev.engram.observe.imports;
