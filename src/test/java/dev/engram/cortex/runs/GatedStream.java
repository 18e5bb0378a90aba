package dev.engram.cortex.runs;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockResponseBody;
import okio.BufferedSink;

/**
 * OpenAI's chat-completions stream sent piece by piece, as a real provider does while it generates: the first
 * {@code held} chunks go out (each flushed on its own), then the server waits until the test {@link #release()}s it
 * before the rest follow, {@code gapMs} apart. Unlike MockWebServer's {@code throttleBody}, which also slows down
 * reading the request (an agent's request carries its instructions and tool schemas: many kilobytes), only the answer
 * is paced.
 */
public final class GatedStream implements MockResponseBody {
    private final List<String> chunks;
    private final int held;
    private final long gapMs;
    private final CountDownLatch gate = new CountDownLatch(1);

    public GatedStream(List<String> chunks, int held, long gapMs) {
        this.chunks = chunks;
        this.held = held;
        this.gapMs = gapMs;
    }

    public MockResponse response() {
        return new MockResponse.Builder().addHeader("Content-Type", "text/event-stream")
                .addHeader("Transfer-Encoding", "chunked").body(this).build();
    }

    /** Lets the held back chunks go. */
    public void release() {
        gate.countDown();
    }

    @Override
    public long getContentLength() {
        return -1;
    }

    /** One HTTP/1.1 chunk (the body's framing is written here: MockWebServer sends a body of unknown length as is). */
    private static void chunk(BufferedSink sink, String text) throws IOException {
        byte[] bytes = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        sink.writeUtf8(Integer.toHexString(bytes.length) + "\r\n").write(bytes).writeUtf8("\r\n");
        sink.flush();
    }

    @Override
    public void writeTo(BufferedSink sink) throws IOException {
        try {
            for (int i = 0; i < chunks.size(); i++) {
                if (i == held && !gate.await(60, TimeUnit.SECONDS)) {
                    throw new IOException("the test never released the rest of the stream");
                } else if (i > held) {
                    Thread.sleep(gapMs);
                }
                chunk(sink, "data: " + chunks.get(i) + "\n\n");
            }
            chunk(sink, "data: [DONE]\n\n");
            sink.writeUtf8("0\r\n\r\n");
            sink.flush();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
