/**
 * Agent runs (spec §6), Engram's cortex: {@link dev.engram.cortex.runs.Runs} implements
 * {@link dev.engram.cortex.api.Agents} and is the {@code agents} service; {@link dev.engram.cortex.runs.CortexApp}
 * takes {@code cortex.request} from the bus. A run is claimed by creating {@code agents/<id>_active.jsonl}
 * exclusively with the request as line 1; its events ({@code start}, {@code thinking}, {@code tool_start},
 * {@code tool_end}, {@code finish} with {@code usage}, or {@code error}) are appended fsynced, broadcast as
 * {@code cortex.<event>} and handed to in-process listeners (with {@code token} events for the streamed answer); the
 * file is renamed to {@code agents/<id>.jsonl} at the end. Personas: built-ins in {@code /personas/} of the jar,
 * overridden by {@code <journal>/personas/<name>.txt|.json}. The model comes from
 * {@link dev.engram.cortex.api.Providers} (LangChain4j's {@code StreamingChatModel}), the tools from
 * {@link dev.engram.cortex.api.Tools}. {@code Runs} starts, hands off and cancels runs; {@code RunFiles} is the read
 * side (summaries, events, days, closing stale files); {@code RequestLine} writes, parses and checks requests.
 *
 * <p><b>Threads:</b> each run on its own virtual thread {@code agent-<id>}, at most {@code maxRunning} at once; the
 * model's streaming callbacks come on the provider's threads and only hand tokens to listeners and complete the
 * turn's future. Listeners are called on those threads and must return quickly. A tool call runs on its own virtual
 * thread {@code agent-<id>-tool-<name>}. The {@code start} event is written on {@code agent-<id>-start} while the
 * first request goes out (its fsync off the way to the first token); nothing else of the run is logged before it.
 * Claiming is pipelined: the run's thread prepares (persona, model, tools, instructions) while the starting thread
 * creates its file, and waits for that exclusive, fsynced create before it writes anything, appends {@code continue}
 * to a thread's source or asks the provider; when the id was taken it ends without a trace ({@code RunLog}'s claim).
 * The owner's identity and facets for the instructions are kept between runs ({@code OwnerContext}) and read again
 * when their files' stamps change. A
 * cancel or the deadline interrupts it and closes the provider's open stream
 * (the model is made with a stop future, {@code Providers.streaming(use, stop)}).
 *
 * <p><b>Failures:</b> a run never ends without a {@code finish} or {@code error} event: no provider (what to
 * configure), a provider error, a timeout ({@code timeout_seconds}, default 600), {@code max_turns} reached, a
 * cancel, an exception. A refused start (bad request, unknown persona, too many runs) is an
 * {@link dev.engram.cortex.api.AgentException} from the Java API, and an {@code error} event for a bus request. A
 * failed append is logged; the run goes on. Stale {@code _active} files are closed with an {@code error} at start.
 */
package dev.engram.cortex.runs;
