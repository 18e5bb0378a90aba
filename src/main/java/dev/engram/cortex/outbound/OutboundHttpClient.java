package dev.engram.cortex.outbound;

import dev.engram.cortex.api.Outbound;
import dev.engram.cortex.api.ProviderException;
import dev.engram.cortex.api.ProviderException.Reason;
import dev.langchain4j.http.client.HttpClient;
import dev.langchain4j.http.client.HttpRequest;
import dev.langchain4j.http.client.SuccessfulHttpResponse;
import dev.langchain4j.http.client.sse.ServerSentEventListener;
import dev.langchain4j.http.client.sse.ServerSentEventParser;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * LangChain4j's HTTP client interface over {@link Outbound}: every request a LangChain4j model makes (blocking, or
 * streamed: SSE and Ollama's NDJSON through the model's own parser) goes through the one logged door. Rate limits
 * (429), failing or overloaded providers (5xx, 529) and refused connections are retried with exponential backoff;
 * what still fails becomes a {@link ProviderException} whose message says what to do and never holds a key.
 */
public final class OutboundHttpClient implements HttpClient {
    private static final Logger LOG = LoggerFactory.getLogger(OutboundHttpClient.class);
    /** Headers the JDK client sets itself and refuses from callers. */
    private static final Set<String> RESTRICTED = Set.of("connection", "content-length", "expect", "host", "upgrade");
    private static final long MAX_BODY = 32L * 1024 * 1024;
    private static final int MAX_ERROR_BODY = 16 * 1024;
    private static final Duration MAX_RETRY_AFTER = Duration.ofSeconds(30);

    private final Outbound outbound;
    private final ProviderTarget target;
    private final Duration timeout;
    private final CompletionStage<?> stop;

    OutboundHttpClient(Outbound outbound, ProviderTarget target, Duration timeout, CompletionStage<?> stop) {
        this.outbound = outbound;
        this.target = target;
        this.timeout = timeout;
        this.stop = stop;
    }

    /** A builder to hand to a LangChain4j model's {@code httpClientBuilder(...)}. */
    public static OutboundHttpClientBuilder builder(Outbound outbound, ProviderTarget target) {
        return new OutboundHttpClientBuilder(outbound, target, null);
    }

    /**
     * A builder whose clients abort every streamed call still open once {@code stop} completes: the waiting or
     * reading thread is interrupted and the response body closed, so the connection to the provider is closed and
     * the model's handler gets an error (a cancelled or timed-out agent run).
     */
    public static OutboundHttpClientBuilder builder(Outbound outbound, ProviderTarget target, CompletionStage<?> stop) {
        return new OutboundHttpClientBuilder(outbound, target, stop);
    }

    @Override
    public SuccessfulHttpResponse execute(HttpRequest request) {
        HttpResponse<InputStream> response = send(request);
        try (InputStream in = response.body()) {
            byte[] body = in.readNBytes((int) MAX_BODY + 1);
            if (body.length > MAX_BODY) {
                throw new ProviderException(name(), Reason.REJECTED, response.statusCode(), name()
                        + " answered more than " + MAX_BODY / (1024 * 1024) + " MB for model '" + model()
                        + "': refused");
            }
            return SuccessfulHttpResponse.builder().statusCode(response.statusCode())
                    .headers(response.headers().map()).body(new String(body, StandardCharsets.UTF_8)).build();
        } catch (IOException e) {
            throw unavailable("the answer broke off (" + e.getClass().getSimpleName() + ")", -1);
        }
    }

    @Override
    public void execute(HttpRequest request, ServerSentEventParser parser, ServerSentEventListener listener) {
        Thread.ofVirtual().name("outbound-stream-" + name()).start(() -> stream(request, parser, listener));
    }

    private void stream(HttpRequest request, ServerSentEventParser parser, ServerSentEventListener listener) {
        Abort abort = new Abort(Thread.currentThread());
        if (stop != null) {
            stop.whenComplete((v, e) -> abort.fire());
        }
        try {
            HttpResponse<InputStream> response;
            try {
                response = send(request);
            } catch (RuntimeException e) {
                quietly(() -> listener.onError(abort.fired() ? stopped() : e));
                return;
            }
            try (InputStream in = abort.watch(response.body())) {
                quietly(() -> listener.onOpen(SuccessfulHttpResponse.builder().statusCode(response.statusCode())
                        .headers(response.headers().map()).build()));
                parser.parse(in, listener);
                if (abort.fired()) {
                    quietly(() -> listener.onError(stopped()));
                } else {
                    quietly(listener::onClose);
                }
            } catch (IOException | RuntimeException e) {
                quietly(() -> listener.onError(abort.fired() ? stopped() : unavailable("the stream broke off ("
                        + e.getClass().getSimpleName() + ")", response.statusCode())));
            }
        } finally {
            abort.over();
            Thread.interrupted(); // an abort racing the end must not leak into this (finishing) thread's state
        }
    }

    private ProviderException stopped() {
        return new ProviderException(name(), Reason.UNAVAILABLE, -1, "the call to " + name() + " was stopped (the"
                + " run was cancelled or timed out)");
    }

    /**
     * Stops one streamed call from another thread: interrupts its thread (waiting for the answer, a retry or the next
     * bytes) and closes its body (the JDK client then closes the connection rather than keeping it for reuse).
     */
    private static final class Abort {
        private final Thread thread;
        private InputStream body;
        private boolean fired;
        private boolean over;

        Abort(Thread thread) {
            this.thread = thread;
        }

        synchronized boolean fired() {
            return fired;
        }

        void fire() {
            InputStream toClose;
            synchronized (this) {
                if (fired || over) {
                    return;
                }
                fired = true;
                toClose = body;
                thread.interrupt();
            }
            closeQuietly(toClose);
        }

        InputStream watch(InputStream in) {
            boolean close;
            synchronized (this) {
                body = in;
                close = fired;
            }
            if (close) {
                closeQuietly(in);
            }
            return in;
        }

        synchronized void over() {
            over = true;
        }

        private static void closeQuietly(InputStream in) {
            if (in == null) {
                return;
            }
            try {
                in.close();
            } catch (IOException e) {
                LOG.debug("closing a stopped stream: {}", e.toString());
            }
        }
    }

    /** Sends with retries; answers a 2xx response whose body the caller reads, or throws a clear failure. */
    private HttpResponse<InputStream> send(HttpRequest request) {
        java.net.http.HttpRequest jdk = toJdk(request);
        int attempts = target.maxRetries() + 1;
        for (int attempt = 1; ; attempt++) {
            boolean last = attempt >= attempts;
            HttpResponse<InputStream> response;
            try {
                response = outbound.send(target.call(), jdk, HttpResponse.BodyHandlers.ofInputStream());
            } catch (HttpConnectTimeoutException | ConnectException e) {
                if (last) {
                    throw unavailable("cannot connect to " + hostOf(jdk.uri()) + " (" + e.getClass().getSimpleName()
                            + "): is it running? check the base URL", -1);
                }
                pause(attempt, null);
                continue;
            } catch (HttpTimeoutException e) {
                throw new ProviderException(name(), Reason.TIMEOUT, -1, name() + " did not answer within "
                        + timeout.toSeconds() + " s (model '" + model() + "'): raise providers.timeout_seconds in"
                        + " config/journal.json or use a faster model");
            } catch (IOException e) {
                if (last) {
                    throw unavailable("the connection to " + hostOf(jdk.uri()) + " failed ("
                            + e.getClass().getSimpleName() + ")", -1);
                }
                pause(attempt, null);
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ProviderException(name(), Reason.UNAVAILABLE, -1, "the call to " + name()
                        + " was interrupted");
            }
            int status = response.statusCode();
            if (status >= 200 && status < 300) {
                return response;
            }
            String said = errorBody(response);
            boolean retriable = status == 429 || status >= 500;
            if (retriable && !last) {
                LOG.info("{} answered HTTP {} for model '{}' ({}): retry {} of {}", name(), status, model(),
                        target.call().purpose(), attempt, target.maxRetries());
                pause(attempt, response.headers().firstValue("retry-after").orElse(null));
                continue;
            }
            throw failure(status, said, attempt);
        }
    }

    private ProviderException failure(int status, String said, int attempts) {
        String tail = said.isBlank() ? "" : "; " + name() + " said: " + said;
        String tries = attempts > 1 ? " after " + attempts + " attempts" : "";
        return switch (status) {
            case 401, 403 -> new ProviderException(name(), Reason.AUTHENTICATION, status, name()
                    + " refused the key (HTTP " + status + "): check " + target.keySource() + tail);
            case 404 -> new ProviderException(name(), Reason.UNKNOWN_MODEL, status, name()
                    + " does not know the model '" + model() + "' (HTTP 404): choose another model, or check the"
                    + " base URL, in config/journal.json" + tail);
            case 429 -> new ProviderException(name(), Reason.RATE_LIMITED, status, name()
                    + " is rate limiting this key (HTTP 429)" + tries + ": wait, or raise the account's limits"
                    + tail);
            default -> status >= 500
                    ? unavailable("HTTP " + status + tries + ": the provider is down or overloaded, try later" + tail,
                    status)
                    : new ProviderException(name(), Reason.REJECTED, status, name() + " refused the request for"
                    + " model '" + model() + "' (HTTP " + status + ")" + tail);
        };
    }

    private ProviderException unavailable(String what, int status) {
        return new ProviderException(name(), Reason.UNAVAILABLE, status, name() + " is unavailable for model '"
                + model() + "': " + what);
    }

    private String errorBody(HttpResponse<InputStream> response) {
        try (InputStream in = response.body()) {
            String body = new String(in.readNBytes(MAX_ERROR_BODY), StandardCharsets.UTF_8).strip();
            String clean = Secrets.redact(body, target.secrets()).replaceAll("\\s+", " ");
            return clean.length() > 300 ? clean.substring(0, 300) + "…" : clean;
        } catch (IOException e) {
            return "";
        }
    }

    private void pause(int attempt, String retryAfter) {
        Duration wait = target.retryBase().multipliedBy(1L << Math.min(attempt - 1, 10));
        if (retryAfter != null) {
            try {
                Duration asked = Duration.ofSeconds(Long.parseLong(retryAfter.strip()));
                wait = asked.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : asked;
            } catch (NumberFormatException e) {
                // an HTTP date: keep our own backoff
            }
        }
        try {
            Thread.sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProviderException(name(), Reason.UNAVAILABLE, -1, "the call to " + name()
                    + " was interrupted while waiting to retry");
        }
    }

    private java.net.http.HttpRequest toJdk(HttpRequest request) {
        if (!request.formDataFields().isEmpty() || !request.formDataFiles().isEmpty()) {
            throw new ProviderException(name(), Reason.REJECTED, -1, "multipart requests are not supported by"
                    + " Engram's outbound client (" + name() + ")");
        }
        java.net.http.HttpRequest.Builder b = java.net.http.HttpRequest.newBuilder(URI.create(request.url()))
                .timeout(timeout);
        request.headers().forEach((header, values) -> {
            if (values != null && !RESTRICTED.contains(header.toLowerCase(java.util.Locale.ROOT))) {
                values.forEach(v -> b.header(header, v));
            }
        });
        String body = request.body();
        b.method(request.method().name(), body == null ? java.net.http.HttpRequest.BodyPublishers.noBody()
                : java.net.http.HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        return b.build();
    }

    private static String hostOf(URI uri) {
        return uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "");
    }

    private String name() {
        return target.call().provider();
    }

    private String model() {
        return target.call().model();
    }

    private static void quietly(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            LOG.warn("a streaming listener failed: {}", e.toString());
        }
    }
}
