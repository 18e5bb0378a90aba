/**
 * Imports (📥): uploads a transcript ({@code .txt}, {@code .md}), a PDF or a calendar ({@code .ics}) into the journal
 * through the registered {@code observe.api.Imports} service (audio and video
 * included: a long one goes on in the background and the list shows its progress), and lists the imports with their status, notes and segments, each
 * linked to the Transcripts app.
 *
 * <p>Threading: handlers run on request threads; the importer runs one import at a time. Failures: every upload
 * problem is a 4xx with a reason code ({@code missing_file}, {@code invalid_timestamp}, {@code unknown_type},
 * {@code unknown_facet}, {@code facet_required}, {@code invalid_content}, {@code empty_content}; 413
 * {@code too_large} with a {@code detail}, past {@link dev.engram.apps.imports.UploadLimit}, the multipart temp file
 * bounded by it and deleted; the parser buffers inside the journal, in the
 * journal's scratch folder {@code .staging/<pid>-<start>/imports-upload/} (never the system temp folder), whose
 * leftovers are removed at start with the rest of the staging of stopped processes; 415 for a body that is not multipart); an import that fails while writing is 500
 * {@code import_failed} and stays listed as failed.
 */
package dev.engram.apps.imports;
