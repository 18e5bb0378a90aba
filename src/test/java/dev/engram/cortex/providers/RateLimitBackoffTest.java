package dev.engram.cortex.providers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.engram.cortex.api.ModelUse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.node.ObjectNode;

/**
 * A rate limit without {@code Retry-After} waits Engram's own exponential backoff ({@code retry_base_ms}, doubled per
 * retry) before each retry: the gaps the local OpenAI-wire server sees between attempts are at least that long.
 * ({@code ProviderContractTest} sends {@code Retry-After: 0}, which a client that never waits would also pass.)
 */
class RateLimitBackoffTest {
    private static final long BASE_MS = 300;
    @TempDir
    Path dir;
    MockWebServer server;

    @BeforeEach
    void start() throws Exception {
        server = new MockWebServer();
        server.start(java.net.InetAddress.getLoopbackAddress(), 0);
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    @Test
    void aRateLimitWithoutRetryAfterWaitsTheConfiguredBackoffBeforeEachRetry() throws Exception {
        ObjectNode config = (ObjectNode) ProviderKit.JSON.readTree(ProviderKit.config("work", "openai",
                "http://127.0.0.1:" + server.getPort() + "/v1", "sk-test-key", "gpt-x"));
        config.put("retry_base_ms", BASE_MS);
        config.put("timeout_seconds", 10.0);
        ProviderKit kit = new ProviderKit(dir, config.toString(), Map.of());
        OpenAiProviderTest wire = new OpenAiProviderTest();
        server.enqueue(wire.error(429, "Rate limit reached"));
        server.enqueue(wire.error(429, "Rate limit reached"));
        server.enqueue(wire.answer("Hello after waiting"));

        long start = System.nanoTime();
        String answer = kit.providers.chat(new ModelUse("default", "chat", "test")).orElseThrow().chat("hi");
        long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        assertThat(answer).isEqualTo("Hello after waiting");
        assertThat(server.getRequestCount()).isEqualTo(3);
        // the first retry waits the base, the second twice the base
        assertThat(elapsedMs).as("elapsed ms over two retries").isGreaterThanOrEqualTo(BASE_MS + 2 * BASE_MS);
        // each attempt's line in health/providers.jsonl is stamped when it ends: the next one comes a backoff later
        List<java.time.Instant> ends = new ArrayList<>();
        for (var l : kit.providerLog()) {
            ends.add(java.time.Instant.parse(l.get("ts").asString()));
        }
        assertThat(java.time.Duration.between(ends.get(0), ends.get(1)).toMillis()).isGreaterThanOrEqualTo(BASE_MS);
        assertThat(java.time.Duration.between(ends.get(1), ends.get(2)).toMillis())
                .isGreaterThanOrEqualTo(2 * BASE_MS);
        assertThat(kit.providerLog()).extracting(l -> l.get("status").asInt()).containsExactly(429, 429, 200);
    }
}
