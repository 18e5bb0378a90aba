package dev.engram.cortex.outbound;

import dev.engram.cortex.api.OutboundCall;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Who a LangChain4j model's HTTP client calls, for the log line and for clear errors.
 *
 * @param call       provider, model and purpose, logged with every request
 * @param secrets    the key(s) this provider uses: redacted from every error message
 * @param keySource  where the key comes from, for the owner ("the OPENAI_API_KEY environment variable"), never the key
 * @param maxRetries retries after a rate limit (429), an overloaded or failing provider (5xx) or a refused connection
 * @param retryBase  the first backoff; doubled per retry (a provider's {@code Retry-After} wins, up to 30 s)
 * @param timeout    how long to wait for an answer (to the first byte of a streamed one)
 */
public record ProviderTarget(OutboundCall call, List<String> secrets, String keySource, int maxRetries,
                             Duration retryBase, Duration timeout) {
    public ProviderTarget {
        Objects.requireNonNull(call, "call");
        secrets = List.copyOf(secrets);
        Objects.requireNonNull(keySource, "keySource");
        Objects.requireNonNull(retryBase, "retryBase");
        Objects.requireNonNull(timeout, "timeout");
        if (maxRetries < 0) {
            throw new IllegalArgumentException("maxRetries must be >= 0: " + maxRetries);
        }
    }
}
