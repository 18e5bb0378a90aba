/**
 * The observe service's contracts for other packages (interfaces, records, enums and unchecked exceptions only).
 *
 * <p>Sense: {@link dev.engram.observe.api.AudioTranscriber} (speech to timed text through the configured
 * OpenAI-compatible transcription endpoint) and {@link dev.engram.observe.api.FrameReader} (a video's changed frames,
 * read by OCR), both registered in the app registry by the composition root, so the importer and apps call
 * {@code context.service(AudioTranscriber.class)}; they fail with {@link dev.engram.observe.api.SenseException}, whose
 * {@link dev.engram.observe.api.SenseException.Kind} says whether to configure, retry or give up.
 *
 * {@link dev.engram.observe.api.MediaRepair} (implemented by the sense service) senses a day's unprocessed media again:
 * the daily run's first step in think.
 *
 * <p><b>Threads:</b> implementations are thread-safe and block the caller for the whole call (bounded by their
 * configured timeouts): call them from your own worker, never from a bus or request thread.
 *
 * <p>Ingest: {@link dev.engram.observe.api.Observers} (the observers
 * allowed to deliver segments: create, list, revoke, disable, authenticate a key, upload history) and
 * {@link dev.engram.observe.api.Ingest} (receiving a streamed upload, the sync check, relaying an observer's events);
 * {@link dev.engram.observe.api.ObserverStatus} is what the Observers app shows of a status (its well-typed fields).
 * Only interfaces, records, enums and unchecked exceptions live here; implementations are in {@code observe.ingest}.
 * Threading: every method is safe to call from any thread (request threads).
 * Failures: bad input and refused keys are {@link dev.engram.observe.api.IngestException}s carrying the HTTP status,
 * the reference's error text and a reason code, so the HTTP layer answers the reference's exact shapes.
 */
package dev.engram.observe.api;
