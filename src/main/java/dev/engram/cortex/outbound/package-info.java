/**
 * The one outbound door: {@link dev.engram.cortex.outbound.OutboundHttp} sends every request Engram makes to a
 * provider the owner configured (the LLM provider layer, the transcription client) through one JDK
 * {@link java.net.http.HttpClient}, and appends one line per request to {@code health/providers.jsonl} (time, provider,
 * model, purpose, host, status, bytes sent and received, milliseconds; never the content, a query string or a key).
 * {@link dev.engram.cortex.outbound.OutboundHttpClient} is LangChain4j's HTTP client over that door (blocking and
 * streamed calls, with retries of rate limits, 5xx and refused connections, and {@code ProviderException}s that name
 * the fix and never hold a key); every LangChain4j model the provider layer builds uses it.
 * {@link dev.engram.cortex.outbound.BoundedBody} reads an answer held whole up to the caller's limit ({@code
 * Outbound#sendBounded}); past it the body is cut off and the call throws {@code ResponseTooLargeException}.
 * With no provider configured nothing calls it, so nothing leaves the machine. ArchitectureTest keeps
 * {@code java.net.http}, sockets to remote hosts and {@code URL.openConnection} out of every other package.
 *
 * <p><b>Threads:</b> thread-safe; the log append is fsynced under the journal's file lock, so concurrent requests never
 * interleave lines. <b>Failures:</b> a request that fails is logged with its error class and rethrown unchanged; a log
 * line that cannot be written is reported in the application log and never fails the request it describes.
 */
package dev.engram.cortex.outbound;
