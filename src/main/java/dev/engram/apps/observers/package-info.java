/**
 * Observers: the owner's Observers app ({@code /app/observers}: list, create with the key shown once, revoke,
 * disable/enable, upload history, live status, failed uploads kept at their {@code failed_path}, and the local tmux
 * observer's status from the bus, kept in memory by {@link dev.engram.apps.observers.LocalObservers}) and the HTTP side of the two ingest protocols the released observers
 * speak: {@code /app/remote/...} (SEED, key in the path) and {@code /app/observer/...} (later, bearer key), both
 * answering the reference's exact shapes (spec §8, §11). The services are found through
 * {@link dev.engram.observe.api.Observers} and {@link dev.engram.observe.api.Ingest}.
 *
 * <p>Threading: request threads; bodies are read as a stream by {@link dev.engram.apps.observers.MultipartReader}
 * (never whole in memory). Failures: every refusal is {@code {error, reason_code, detail}} with the reference's
 * status and text; nothing of a refused upload is kept. Every change to an observer is an action-log entry.
 */
package dev.engram.apps.observers;
