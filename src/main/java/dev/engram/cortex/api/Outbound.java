package dev.engram.cortex.api;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * The one place Engram makes outbound HTTP requests to the providers the owner configured (LLMs, transcription),
 * found in the registry as {@code context.service(Outbound.class)}. Every request is logged as one line of
 * {@code health/providers.jsonl}: time, provider, model, purpose, host, status, bytes sent and received, duration;
 * never the content, the URL's query or the key. ArchitectureTest keeps every other package off the network.
 */
public interface Outbound {

    /**
     * Sends one request and returns its response; the log line is written when the response body has been read to
     * its end (or failed), so a streamed answer is counted whole.
     */
    <T> HttpResponse<T> send(OutboundCall call, HttpRequest request, HttpResponse.BodyHandler<T> body)
            throws IOException, InterruptedException;

    /**
     * Sends one request and reads its body into memory, at most {@code maxBytes}: a longer body (by its
     * {@code Content-Length}, or as it arrives) is cut off and the call throws {@link ResponseTooLargeException}
     * (logged like any failed call). Every answer that is held whole is read this way.
     */
    HttpResponse<byte[]> sendBounded(OutboundCall call, HttpRequest request, long maxBytes)
            throws IOException, InterruptedException;
}
