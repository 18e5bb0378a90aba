/**
 * Think: what makes Engram understand its recordings. Insight templates ({@code .json} + {@code .txt}, a built-in set
 * in resources, the owner's under {@code <journal>/insights/}); per-segment insights on {@code observe.observed}
 * ({@code <day>/<segment>/<topic>.md}) and the {@code schedule: "segment"} personas started through
 * {@code cortex.api.Agents} ({@link dev.engram.think.SegmentAgents}, bounded, never waited for); the daily run for yesterday (first sense's repair of the day's unprocessed
 * media through {@code observe.api.MediaRepair}, waited for with a bound, then the segment insights that are missing,
 * {@link dev.engram.think.SegmentRetries}) at a configured time with catch-up of
 * missed days
 * ({@code <day>/insights/<topic>.md}); occurrence and anticipation extraction into {@code facets/<f>/events/}. Models
 * come from {@code cortex.api.Providers} only. After a good daily run, the daily scheduled agents run through
 * {@code cortex.api.Agents} by priority group, one group after another ({@link dev.engram.think.ScheduledAgents}).
 *
 * <p><b>Threads:</b> {@link dev.engram.think.ThinkService} runs everything on one worker thread, one item at a time;
 * the daily task of the app scheduler waits for its turn there. <b>Failures:</b> an insight that fails (provider
 * error after its retries, unusable answer) is logged in the day's {@code task_log.txt} and as {@code think.error},
 * and the others go on; a failing day does not block later days. With no provider nothing is attempted (said once).
 * Insight and event files are written through the journal (atomic writes, fsynced appends); an existing insight is
 * kept unless forced, so re-running a day changes nothing; a forced re-run replaces that insight's events. A scheduled
 * agent that is refused or a group that outlasts its timeout is reported (task log, {@code think.agents_done}).
 */
package dev.engram.think;
