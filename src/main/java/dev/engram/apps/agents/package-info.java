/**
 * The Agents app ({@code /app/agents}): the runs of a day with status, persona, model, duration and tokens; a run's
 * event log (followed live over SSE while it runs); cancel; start a persona by hand. {@link
 * dev.engram.apps.agents.RunViews} is what the chat app shares with it. Uses {@link dev.engram.cortex.api.Agents}
 * from the registry (503 {@code agents_unavailable} without it).
 *
 * <p><b>Threads:</b> Jetty's request threads; a followed run's events arrive on the run's threads and are only
 * queued to the stream. <b>Failures:</b> {@code {error, reason_code}}: 400 {@code invalid_day}, {@code invalid_field},
 * {@code unknown_persona}, {@code invalid_request}; 404 {@code unknown_run}; 409 {@code still_running}; 429
 * {@code too_many_runs}; 503 {@code agents_unavailable}.
 */
package dev.engram.apps.agents;
