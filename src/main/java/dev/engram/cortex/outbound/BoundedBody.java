package dev.engram.cortex.outbound;

import dev.engram.cortex.api.ResponseTooLargeException;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * A response body read into memory up to a limit: a {@code Content-Length} over it fails before any byte is read, a
 * body that grows past it (chunked, or longer than announced) cancels the subscription at the chunk that passes it.
 * Either way the body completes with {@link ResponseTooLargeException}. Called by the HTTP client's threads, one
 * subscriber per response.
 */
final class BoundedBody implements HttpResponse.BodySubscriber<byte[]> {
    private final String host;
    private final long limit;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    private final CompletableFuture<byte[]> result = new CompletableFuture<>();
    private Flow.Subscription subscription;
    private long received;

    private BoundedBody(String host, long limit) {
        this.host = host;
        this.limit = limit;
    }

    /** The handler: refuses a declared length over {@code limit} at once, else reads at most {@code limit} bytes. */
    static HttpResponse.BodyHandler<byte[]> handler(String host, long limit) {
        return info -> {
            long declared = info.headers().firstValueAsLong("Content-Length").orElse(-1);
            return declared > limit ? failed(host, limit) : new BoundedBody(host, limit);
        };
    }

    private static HttpResponse.BodySubscriber<byte[]> failed(String host, long limit) {
        BoundedBody b = new BoundedBody(host, limit);
        b.result.completeExceptionally(new ResponseTooLargeException(host, limit));
        return b;
    }

    @Override
    public CompletionStage<byte[]> getBody() {
        return result;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        if (result.isDone()) {
            s.cancel();
        } else {
            s.request(Long.MAX_VALUE);
        }
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
        if (result.isDone()) {
            return;
        }
        for (ByteBuffer b : items) {
            received += b.remaining();
            if (received > limit) {
                subscription.cancel();
                result.completeExceptionally(new ResponseTooLargeException(host, limit));
                return;
            }
            byte[] chunk = new byte[b.remaining()];
            b.get(chunk);
            buffer.write(chunk, 0, chunk.length);
        }
    }

    @Override
    public void onError(Throwable t) {
        result.completeExceptionally(t);
    }

    @Override
    public void onComplete() {
        result.complete(buffer.toByteArray());
    }
}
