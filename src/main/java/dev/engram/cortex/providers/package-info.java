/**
 * The LLM provider layer: {@link dev.engram.cortex.providers.ProviderService} implements
 * {@link dev.engram.cortex.api.Providers} for OpenAI, Anthropic, Google Gemini, Ollama and any OpenAI-compatible
 * server, configured under {@code providers} in {@code config/journal.json} (endpoints, tiers fast/default/strong,
 * per-task overrides) or detected from the variables the providers' own SDKs read. Every model it builds sends its
 * HTTP through {@link dev.engram.cortex.outbound.OutboundHttpClient} (so through the one logged door) and records
 * token usage per call in {@code tokens/<day>.jsonl} (the reference's format). With nothing configured it hands out no
 * model and nothing leaves the machine. {@code endpoints()} lists the endpoints (name, type, model; never a key) and
 * the named-endpoint {@code chat}/{@code streaming} run a use on one of them, bypassing tiers and tasks.
 *
 * <p><b>Threads:</b> thread-safe; the configuration is parsed again when {@code config/journal.json} changed (its
 * stamp is checked per request: an edit counts at the next call), models are built per use and may be used
 * from any thread. <b>Failures:</b> a configuration problem never throws: it is logged once, shown in health and in
 * {@code howToConfigure()}, and that endpoint is left out; provider failures reach the caller as
 * {@link dev.engram.cortex.api.ProviderException} with a message naming the fix and never a key; a token line that
 * cannot be written is logged and counted, never failing the call.
 */
package dev.engram.cortex.providers;
