/**
 * The observe service's contracts for other packages (interfaces, records, enums and unchecked exceptions only).
 *
 * <p>Sense: {@link dev.engram.observe.api.AudioTranscriber} (speech to timed text through the configured
 * OpenAI-compatible transcription endpoint) and {@link dev.engram.observe.api.FrameReader} (a video's changed frames,
 * read by OCR), both registered in the app registry by the composition root, so the importer and apps call
 * {@code context.service(AudioTranscriber.class)}; they fail with {@link dev.engram.observe.api.SenseException}, whose
 * {@link dev.engram.observe.api.SenseException.Kind} says whether to configure, retry or give up.
 *
 * <p><b>Threads:</b> implementations are thread-safe and block the caller for the whole call (bounded by their
 * configured timeouts): call them from your own worker, never from a bus or request thread.
 */
package dev.engram.observe.api;
