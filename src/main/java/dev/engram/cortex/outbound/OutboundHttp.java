package dev.engram.cortex.outbound;

import dev.engram.cortex.api.Outbound;
import dev.engram.cortex.api.OutboundCall;
import dev.engram.cortex.api.ResponseTooLargeException;
import dev.engram.journal.Journal;
import dev.engram.journal.JournalException;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** The {@link Outbound} implementation: one HTTP client, one log line per request. */
public final class OutboundHttp implements Outbound {

    static final String LOG = "providers.jsonl";
    private static final Logger log = LoggerFactory.getLogger(OutboundHttp.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Journal journal;
    private final HttpClient client;
    private final Clock clock;

    public OutboundHttp(Journal journal) {
        this(journal, HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NEVER).build(), Clock.systemUTC());
    }

    OutboundHttp(Journal journal, HttpClient client, Clock clock) {
        this.journal = journal;
        this.client = client;
        this.clock = clock;
    }

    @Override
    public <T> HttpResponse<T> send(OutboundCall call, HttpRequest request, HttpResponse.BodyHandler<T> body)
            throws IOException, InterruptedException {
        long start = System.nanoTime();
        long sent = request.bodyPublisher().map(HttpRequest.BodyPublisher::contentLength).orElse(0L);
        Entry entry = new Entry(call, request, sent, start);
        HttpResponse<T> response;
        try {
            response = client.send(request, info -> entry.counting(info, body.apply(info)));
        } catch (IOException | InterruptedException | RuntimeException e) {
            entry.finish(-1, e.getClass().getSimpleName());
            throw e;
        }
        entry.bodyDone(response.statusCode());
        return response;
    }

    @Override
    public HttpResponse<byte[]> sendBounded(OutboundCall call, HttpRequest request, long maxBytes)
            throws IOException, InterruptedException {
        try {
            return send(call, request, BoundedBody.handler(request.uri().getHost(), maxBytes));
        } catch (IOException e) {
            for (Throwable t = e; t != null; t = t.getCause()) { // the client wraps the body's failure
                if (t instanceof ResponseTooLargeException tooLarge) {
                    throw tooLarge;
                }
            }
            throw e;
        }
    }

    /** One request's bookkeeping: the line is written once, when its body ended (or the request failed). */
    private final class Entry {
        private final OutboundCall call;
        private final HttpRequest request;
        private final long sent;
        private final long start;
        private final AtomicLong received = new AtomicLong();
        private final AtomicBoolean written = new AtomicBoolean();
        private volatile int status = -1;
        private volatile boolean bodyEnded;
        private volatile boolean responded;

        Entry(OutboundCall call, HttpRequest request, long sent, long start) {
            this.call = call;
            this.request = request;
            this.sent = sent;
            this.start = start;
        }

        <T> HttpResponse.BodySubscriber<T> counting(HttpResponse.ResponseInfo info, HttpResponse.BodySubscriber<T> s) {
            status = info.statusCode();
            return new CountingSubscriber<>(s, received::addAndGet, failure -> {
                bodyEnded = true;
                if (failure != null) {
                    finish(status, failure.getClass().getSimpleName());
                } else if (responded) {
                    finish(status, null);
                }
            });
        }

        /** The response came back; for a fully read body the line is written now, for a stream at its end. */
        void bodyDone(int code) {
            status = code;
            responded = true;
            if (bodyEnded) {
                finish(code, null);
            }
        }

        void finish(int code, String error) {
            if (!written.compareAndSet(false, true)) {
                return;
            }
            ObjectNode line = JSON.createObjectNode();
            line.put("ts", clock.instant().toString());
            line.put("provider", call.provider());
            line.put("model", call.model());
            line.put("purpose", call.purpose());
            line.put("host", request.uri().getHost());
            line.put("method", request.method());
            line.put("status", code);
            line.put("sent_bytes", Math.max(sent, 0));
            line.put("received_bytes", received.get());
            line.put("ms", (System.nanoTime() - start) / 1_000_000);
            if (error != null) {
                line.put("error", error);
            }
            try {
                journal.appendHealthLine(LOG, line);
            } catch (JournalException e) {
                log.warn("cannot log an outbound call to health/{}: {}", LOG, e.getMessage());
            }
        }
    }

    /** Passes a body through, counting its bytes and telling when it ended. */
    private record CountingSubscriber<T>(HttpResponse.BodySubscriber<T> inner, java.util.function.LongConsumer count,
                                         java.util.function.Consumer<Throwable> ended)
            implements HttpResponse.BodySubscriber<T> {
        @Override
        public java.util.concurrent.CompletionStage<T> getBody() {
            return inner.getBody();
        }

        @Override
        public void onSubscribe(java.util.concurrent.Flow.Subscription subscription) {
            inner.onSubscribe(subscription);
        }

        @Override
        public void onNext(List<ByteBuffer> item) {
            long n = 0;
            for (ByteBuffer b : item) {
                n += b.remaining();
            }
            count.accept(n);
            inner.onNext(item);
        }

        @Override
        public void onError(Throwable throwable) {
            ended.accept(throwable);
            inner.onError(throwable);
        }

        @Override
        public void onComplete() {
            ended.accept(null);
            inner.onComplete();
        }
    }
}
