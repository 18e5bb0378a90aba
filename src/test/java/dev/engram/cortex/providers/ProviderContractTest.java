package dev.engram.cortex.providers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.engram.cortex.api.ModelUse;
import dev.engram.cortex.api.ProviderException;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * What every provider must do, against a local server speaking that provider's real wire protocol: chat, streaming,
 * a tool call round trip, a wrong key, an unknown model, a rate limit then success, a timeout; each call logged in
 * {@code health/providers.jsonl} and its tokens in {@code tokens/<day>.jsonl}. One subclass per provider.
 */
abstract class ProviderContractTest {
    static final String MODEL = "test-model-1";
    static final ModelUse USE = new ModelUse("default", "chat", "agent.default.1700000000001");

    @TempDir
    Path dir;
    MockWebServer server;
    ProviderKit kit;

    /** The endpoint type in config/journal.json. */
    abstract String type();

    /** The base URL for this provider on the local server. */
    abstract String baseUrl(MockWebServer server);

    /** The key the owner configured, or null for none. */
    abstract String key();

    abstract MockResponse answer(String text);

    /** A streamed answer in the given parts (and usage 5 in, 2 out). */
    abstract MockResponse streamed(List<String> parts);

    abstract MockResponse toolCall(String name, String argumentsJson);

    abstract MockResponse error(int status, String message);

    /** Checks the request went where this provider's API lives, with its key header. */
    abstract void checkRequest(RecordedRequest request, boolean streaming);

    /** Whether the request JSON carries the tool's result for the call. */
    abstract boolean carriesToolResult(JsonNode body, String result);

    /** Whether this provider reports cached input tokens (as 4 in {@link #answer}). */
    boolean reportsCached() {
        return true;
    }

    @BeforeEach
    void start() throws Exception {
        server = new MockWebServer();
        server.start(java.net.InetAddress.getLoopbackAddress(), 0);
        kit = new ProviderKit(dir, ProviderKit.config("my-" + type(), type(), baseUrl(server), key(), MODEL), Map.of());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    ChatModel chat() {
        return kit.providers.chat(USE).orElseThrow();
    }

    @Test
    void chatAnswersLogsTheCallAndRecordsTokens() throws Exception {
        server.enqueue(answer("Hello there"));

        assertThat(chat().chat("Say hello")).isEqualTo("Hello there");

        RecordedRequest r = server.takeRequest(5, TimeUnit.SECONDS);
        checkRequest(r, false);
        assertThat(ProviderKit.body(r).toString()).contains("Say hello");
        JsonNode log = kit.providerLog().getFirst();
        assertThat(kit.providerLog()).hasSize(1);
        assertThat(log.get("provider").stringValue()).isEqualTo("my-" + type());
        assertThat(log.get("model").stringValue()).isEqualTo(MODEL);
        assertThat(log.get("purpose").stringValue()).isEqualTo("chat");
        assertThat(log.get("status").asInt()).isEqualTo(200);
        assertThat(log.get("sent_bytes").asLong()).isPositive();
        assertThat(log.get("received_bytes").asLong()).isPositive();
        JsonNode t = kit.tokens().getFirst();
        assertThat(t.get("context").stringValue()).isEqualTo("agent.default.1700000000001");
        assertThat(t.get("model").stringValue()).startsWith("test-model");
        assertThat(t.get("timestamp").asDouble()).isEqualTo(ProviderKit.CLOCK.millis() / 1000.0);
        assertThat(t.get("usage").get("input_tokens").asLong()).isEqualTo(12);
        assertThat(t.get("usage").get("output_tokens").asLong()).isEqualTo(3);
        assertThat(t.get("usage").get("total_tokens").asLong()).isEqualTo(15);
        if (reportsCached()) {
            assertThat(t.get("usage").get("cached_tokens").asLong()).isEqualTo(4);
        }
    }

    @Test
    void streamingDeliversPartsThenTheWholeAnswer() throws Exception {
        server.enqueue(streamed(List.of("Hel", "lo", " world")));
        StreamingChatModel model = kit.providers.streaming(USE).orElseThrow();
        List<String> parts = new CopyOnWriteArrayList<>();
        CompletableFuture<ChatResponse> done = new CompletableFuture<>();

        model.chat("Say hello", handler(parts, done));

        ChatResponse response = done.get(10, TimeUnit.SECONDS);
        assertThat(String.join("", parts)).isEqualTo("Hello world");
        assertThat(parts).hasSizeGreaterThan(1);
        assertThat(response.aiMessage().text()).isEqualTo("Hello world");
        checkRequest(server.takeRequest(5, TimeUnit.SECONDS), true);
        org.awaitility.Awaitility.await().atMost(5, TimeUnit.SECONDS).until(() -> kit.providerLog().size() == 1);
        assertThat(kit.providerLog().getFirst().get("status").asInt()).isEqualTo(200);
        assertThat(kit.providerLog().getFirst().get("received_bytes").asLong()).isPositive();
        org.awaitility.Awaitility.await().atMost(5, TimeUnit.SECONDS).until(() -> kit.tokens().size() == 1);
        assertThat(kit.tokens().getFirst().get("usage").get("input_tokens").asLong()).isEqualTo(5);
        assertThat(kit.tokens().getFirst().get("usage").get("output_tokens").asLong()).isEqualTo(2);
    }

    /** Token by token: the first part reaches the caller while the provider is still sending the rest. */
    @Test
    void streamedPartsArriveWhileTheAnswerIsStillComing() throws Exception {
        server.enqueue(streamed(List.of("Hel", "lo", " world")).newBuilder().throttleBody(64, 300,
                TimeUnit.MILLISECONDS).build());
        List<String> parts = new CopyOnWriteArrayList<>();
        CompletableFuture<ChatResponse> done = new CompletableFuture<>();

        kit.providers.streaming(USE).orElseThrow().chat("Say hello", handler(parts, done));

        org.awaitility.Awaitility.await().atMost(20, TimeUnit.SECONDS).until(() -> !parts.isEmpty() || done.isDone());
        assertThat(done).as("the first part came before the stream ended (or failed)").isNotDone();
        assertThat(String.join("", done.get(60, TimeUnit.SECONDS).aiMessage().text())).isEqualTo("Hello world");
    }

    @Test
    void aToolCallGoesRoundTrip() throws Exception {
        server.enqueue(toolCall("search_journal", "{\"query\":\"birthday\"}"));
        server.enqueue(answer("Her birthday is on May 3rd."));
        ToolSpecification search = ToolSpecification.builder().name("search_journal")
                .description("Search the journal").parameters(JsonObjectSchema.builder()
                        .addStringProperty("query", "what to look for").required("query").build()).build();
        UserMessage question = UserMessage.from("When is Ana's birthday?");

        ChatResponse first = chat().chat(ChatRequest.builder().messages(question).toolSpecifications(search).build());

        assertThat(first.aiMessage().hasToolExecutionRequests()).isTrue();
        ToolExecutionRequest call = first.aiMessage().toolExecutionRequests().getFirst();
        assertThat(call.name()).isEqualTo("search_journal");
        assertThat(ProviderKit.JSON.readTree(call.arguments()).get("query").stringValue()).isEqualTo("birthday");
        JsonNode firstBody = ProviderKit.body(server.takeRequest(5, TimeUnit.SECONDS));
        assertThat(firstBody.toString()).contains("search_journal").contains("what to look for");

        ChatResponse second = chat().chat(ChatRequest.builder().messages(question, first.aiMessage(),
                ToolExecutionResultMessage.from(call, "Ana: birthday May 3")).toolSpecifications(search).build());

        assertThat(second.aiMessage().text()).isEqualTo("Her birthday is on May 3rd.");
        assertThat(carriesToolResult(ProviderKit.body(server.takeRequest(5, TimeUnit.SECONDS)),
                "Ana: birthday May 3")).isTrue();
        assertThat(kit.providerLog()).hasSize(2);
    }

    @Test
    void aWrongKeyIsAClearErrorWithoutTheKey() throws Exception {
        String echoed = key() == null ? "Invalid credentials" : "Incorrect API key provided: " + key();
        server.enqueue(error(401, echoed));

        assertThatThrownBy(() -> chat().chat("hi"))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.reason()).isEqualTo(ProviderException.Reason.AUTHENTICATION);
                    assertThat(e.status()).isEqualTo(401);
                    assertThat(e.getMessage()).contains("my-" + type()).contains("refused the key")
                            .contains("providers.endpoints.my-" + type());
                    if (key() != null) {
                        assertThat(e.getMessage()).doesNotContain(key()).doesNotContain(key().substring(4, 16));
                    }
                });
        assertThat(server.getRequestCount()).isEqualTo(1); // not retried
        assertThat(kit.providerLog().getFirst().get("status").asInt()).isEqualTo(401);
        if (key() != null) {
            assertThat(kit.allFiles()).doesNotContain(key());
        }
    }

    @Test
    void anUnknownModelSaysWhichAndWhatToChange() {
        server.enqueue(error(404, "model '" + MODEL + "' not found"));

        assertThatThrownBy(() -> chat().chat("hi"))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.reason()).isEqualTo(ProviderException.Reason.UNKNOWN_MODEL);
                    assertThat(e.getMessage()).contains("'" + MODEL + "'").contains("config/journal.json");
                });
    }

    @Test
    void aRateLimitIsRetriedWithBackoffThenSucceeds() throws Exception {
        server.enqueue(new MockResponse.Builder(error(429, "Rate limit reached")).addHeader("Retry-After", "0")
                .build());
        server.enqueue(error(503, "overloaded"));
        server.enqueue(answer("Hello after waiting"));

        assertThat(chat().chat("hi")).isEqualTo("Hello after waiting");

        assertThat(server.getRequestCount()).isEqualTo(3);
        assertThat(kit.providerLog()).extracting(l -> l.get("status").asInt()).containsExactly(429, 503, 200);
        assertThat(kit.tokens()).hasSize(1);
    }

    @Test
    void aRateLimitThatLastsIsReportedAfterTheRetries() {
        for (int i = 0; i < 3; i++) {
            server.enqueue(error(429, "Rate limit reached"));
        }

        assertThatThrownBy(() -> chat().chat("hi"))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.reason()).isEqualTo(ProviderException.Reason.RATE_LIMITED);
                    assertThat(e.getMessage()).contains("after 3 attempts");
                });
        assertThat(server.getRequestCount()).isEqualTo(3);
    }

    @Test
    void aSlowProviderTimesOut() {
        server.enqueue(new MockResponse.Builder(answer("late")).headersDelay(8, TimeUnit.SECONDS).build());

        long start = System.nanoTime();
        assertThatThrownBy(() -> chat().chat("hi"))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.reason()).isEqualTo(ProviderException.Reason.TIMEOUT);
                    assertThat(e.getMessage()).contains("did not answer within").contains("timeout_seconds");
                });
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(7500);
    }

    @Test
    void aStreamingFailureReachesTheHandlerAsAClearError() throws Exception {
        server.enqueue(error(401, "bad key"));
        CompletableFuture<ChatResponse> done = new CompletableFuture<>();

        kit.providers.streaming(USE).orElseThrow().chat("hi", handler(new CopyOnWriteArrayList<>(), done));

        assertThatThrownBy(() -> done.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(ProviderException.class)
                .cause().hasMessageContaining("refused the key");
    }

    @Test
    void aProviderThatIsDownIsSaidSo() throws Exception {
        int free;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            free = s.getLocalPort();
        }
        String base = baseUrl(server).replace(":" + server.getPort() + "/", ":" + free + "/");
        ProviderKit down = new ProviderKit(dir.resolve("down"), ProviderKit.config("my-" + type(), type(), base,
                key(), MODEL), Map.of());

        assertThatThrownBy(() -> down.providers.chat(USE).orElseThrow().chat("hi"))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.reason()).isEqualTo(ProviderException.Reason.UNAVAILABLE);
                    assertThat(e.getMessage()).contains("cannot connect");
                });
        assertThat(down.providerLog()).hasSize(3).allMatch(l -> l.get("status").asInt() == -1);
    }

    static StreamingChatResponseHandler handler(List<String> parts, CompletableFuture<ChatResponse> done) {
        return new StreamingChatResponseHandler() {
            @Override
            public void onPartialResponse(String partial) {
                parts.add(partial);
            }

            @Override
            public void onCompleteResponse(ChatResponse response) {
                done.complete(response);
            }

            @Override
            public void onError(Throwable error) {
                done.completeExceptionally(error);
            }
        };
    }
}
