/**
 * The observe services' contracts for apps and other services: {@link dev.engram.observe.api.Observers} (the observers
 * allowed to deliver segments: create, list, revoke, disable, authenticate a key, upload history) and
 * {@link dev.engram.observe.api.Ingest} (receiving a streamed upload, the sync check, relaying an observer's events).
 * Only interfaces, records, enums and unchecked exceptions live here; implementations are in {@code observe.ingest}.
 * Threading: every method is safe to call from any thread (request threads).
 * Failures: bad input and refused keys are {@link dev.engram.observe.api.IngestException}s carrying the HTTP status,
 * the reference's error text and a reason code, so the HTTP layer answers the reference's exact shapes.
 */
package dev.engram.observe.api;
