/**
 * The Chat app ({@code /app/chat}): conversations with the journal through agent runs
 * ({@link dev.engram.cortex.api.Agents}); the answer streams token by token over SSE ({@code /api/stream/{id}}),
 * tool calls show as they happen, cited segments ({@code [YYYYMMDD HHMMSS_LEN]}) link into the transcripts app, and a
 * conversation continues as a thread ({@code continue_from}), kept in {@code apps/chat/chats/<first run id>.json}
 * with the provider endpoint the owner picked ({@code Providers.endpoints()}), which it keeps until changed.
 *
 * <p><b>Threads:</b> Jetty's request threads; a run's events are queued to the stream from the run's threads.
 * <b>Failures:</b> {@code {error, reason_code}}: 400 {@code invalid_field}, {@code invalid_json},
 * {@code unknown_persona}, {@code unknown_provider}; 404 {@code unknown_conversation}, {@code unknown_run}; 429 {@code too_many_runs}; 503
 * {@code agents_unavailable}. A run that fails (no provider) shows its error event in the conversation.
 */
package dev.engram.apps.chat;
