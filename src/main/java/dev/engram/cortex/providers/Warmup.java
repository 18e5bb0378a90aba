package dev.engram.cortex.providers;

import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.http.client.HttpClient;
import dev.langchain4j.http.client.HttpClientBuilder;
import dev.langchain4j.http.client.HttpRequest;
import dev.langchain4j.http.client.SuccessfulHttpResponse;
import dev.langchain4j.http.client.sse.ServerSentEventListener;
import dev.langchain4j.http.client.sse.ServerSentEventParser;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Takes the first call's one-time cost off the owner's first chat message: LangChain4j's OpenAI client loads and links
 * its request and chunk (de)serializers (a few hundred classes, its own Jackson mapper) on its first call, seconds on a
 * busy machine. One canned exchange runs entirely in memory (a request with messages and a tool, a streamed answer with
 * content, a tool call and usage, parsed by LangChain4j's own SSE parser): nothing is sent, nothing leaves the machine,
 * no token is recorded. Run once, in the background, when the provider service starts with an OpenAI-type endpoint.
 */
final class Warmup {
    private static final String CHUNK = "{\"id\":\"w\",\"object\":\"chat.completion.chunk\",\"created\":1,"
            + "\"model\":\"warmup\",\"choices\":[{\"index\":0,\"delta\":%s,\"finish_reason\":%s}]}";
    private static final String STREAM = "data: " + CHUNK.formatted("{\"role\":\"assistant\",\"content\":\"hi\"}",
            "null") + "\n\n"
            + "data: " + CHUNK.formatted("{\"tool_calls\":[{\"index\":0,\"id\":\"c\",\"type\":\"function\","
            + "\"function\":{\"name\":\"noop\",\"arguments\":\"{}\"}}]}", "null") + "\n\n"
            + "data: " + CHUNK.formatted("{}", "\"tool_calls\"") + "\n\n"
            + "data: {\"id\":\"w\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"warmup\","
            + "\"choices\":[],\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":1,\"total_tokens\":2}}\n\n"
            + "data: [DONE]\n\n";

    private Warmup() {
    }

    /** The OpenAI (and OpenAI-compatible) client's first call, in memory; true when it completed within 30 s. */
    static boolean openAi() throws InterruptedException {
        OpenAiStreamingChatModel model = OpenAiStreamingChatModel.builder().httpClientBuilder(new InMemory())
                .baseUrl("http://warmup.invalid/v1").apiKey("warmup").modelName("warmup").build();
        ChatRequest request = ChatRequest.builder().messages(SystemMessage.from("warm-up"), UserMessage.from("hi"))
                .toolSpecifications(ToolSpecification.builder().name("noop").description("nothing")
                        .parameters(JsonObjectSchema.builder().addStringProperty("q").build()).build())
                .build();
        CompletableFuture<ChatResponse> done = new CompletableFuture<>();
        model.chat(request, new StreamingChatResponseHandler() {
            @Override
            public void onPartialResponse(String partialResponse) {
            }

            @Override
            public void onCompleteResponse(ChatResponse response) {
                done.complete(response);
            }

            @Override
            public void onError(Throwable error) {
                done.completeExceptionally(error);
            }
        });
        try {
            done.get(30, TimeUnit.SECONDS);
            return true;
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            return false;
        }
    }

    /** Answers every streamed request with the canned stream, on the caller's thread; never opens a connection. */
    private static final class InMemory implements HttpClientBuilder, HttpClient {
        @Override
        public Duration connectTimeout() {
            return null;
        }

        @Override
        public HttpClientBuilder connectTimeout(Duration timeout) {
            return this;
        }

        @Override
        public Duration readTimeout() {
            return null;
        }

        @Override
        public HttpClientBuilder readTimeout(Duration timeout) {
            return this;
        }

        @Override
        public HttpClient build() {
            return this;
        }

        @Override
        public SuccessfulHttpResponse execute(HttpRequest request) {
            throw new UnsupportedOperationException("the warm-up only streams");
        }

        @Override
        public void execute(HttpRequest request, ServerSentEventParser parser, ServerSentEventListener listener) {
            request.body(); // the request was serialized, as for a real call
            listener.onOpen(SuccessfulHttpResponse.builder().statusCode(200)
                    .headers(Map.of("content-type", List.of("text/event-stream"))).build());
            parser.parse(new ByteArrayInputStream(STREAM.getBytes(StandardCharsets.UTF_8)), listener);
            listener.onClose();
        }
    }
}
