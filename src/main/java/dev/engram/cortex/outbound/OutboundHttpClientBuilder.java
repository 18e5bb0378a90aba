package dev.engram.cortex.outbound;

import dev.engram.cortex.api.Outbound;
import dev.langchain4j.http.client.HttpClient;
import dev.langchain4j.http.client.HttpClientBuilder;
import java.time.Duration;
import java.util.concurrent.CompletionStage;

/**
 * Builds {@link OutboundHttpClient}s for a LangChain4j model: the model's own timeouts are taken (the read timeout,
 * or the target's, bounds the wait for an answer); the connection itself is the one door's.
 */
public final class OutboundHttpClientBuilder implements HttpClientBuilder {
    private final Outbound outbound;
    private final ProviderTarget target;
    private final CompletionStage<?> stop;
    private Duration connectTimeout;
    private Duration readTimeout;

    OutboundHttpClientBuilder(Outbound outbound, ProviderTarget target, CompletionStage<?> stop) {
        this.outbound = outbound;
        this.target = target;
        this.stop = stop;
    }

    @Override
    public Duration connectTimeout() {
        return connectTimeout;
    }

    @Override
    public HttpClientBuilder connectTimeout(Duration timeout) {
        this.connectTimeout = timeout;
        return this;
    }

    @Override
    public Duration readTimeout() {
        return readTimeout;
    }

    @Override
    public HttpClientBuilder readTimeout(Duration timeout) {
        this.readTimeout = timeout;
        return this;
    }

    @Override
    public HttpClient build() {
        return new OutboundHttpClient(outbound, target, readTimeout != null ? readTimeout : target.timeout(), stop);
    }
}
