package dev.engram.cortex.providers;

import dev.engram.cortex.api.ModelUse;
import dev.engram.cortex.api.Outbound;
import dev.engram.cortex.api.OutboundCall;
import dev.engram.cortex.outbound.OutboundHttpClient;
import dev.engram.cortex.outbound.ProviderTarget;
import dev.langchain4j.http.client.HttpClientBuilder;
import dev.langchain4j.model.anthropic.AnthropicChatModel;
import dev.langchain4j.model.anthropic.AnthropicStreamingChatModel;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.googleai.GoogleAiGeminiChatModel;
import dev.langchain4j.model.googleai.GoogleAiGeminiStreamingChatModel;
import dev.langchain4j.model.ollama.OllamaChatModel;
import dev.langchain4j.model.ollama.OllamaStreamingChatModel;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Builds LangChain4j models for a route: every one gets the outbound client (logged, retried, clear errors) and the
 * token log; LangChain4j's own retries are off (the outbound client retries, so a call is never retried twice over).
 */
final class ModelFactory {
    /** Anthropic requires max_tokens; LangChain4j's default (1024) is too short for insights. */
    private static final int MAX_TOKENS = 8192;

    private final Outbound outbound;

    ModelFactory(Outbound outbound) {
        this.outbound = outbound;
    }

    ChatModel chat(Route r, ModelUse use, ProviderConfig cfg, ChatModelListener tokens) {
        Endpoint e = r.endpoint();
        HttpClientBuilder http = http(r, use, cfg, null);
        List<ChatModelListener> listeners = List.of(tokens);
        return switch (e.kind()) {
            case OPENAI, OPENAI_COMPATIBLE -> OpenAiChatModel.builder().httpClientBuilder(http).baseUrl(e.baseUrl())
                    .apiKey(e.key().orElse(null)).modelName(r.model()).timeout(cfg.timeout()).maxRetries(0)
                    .listeners(listeners).build();
            case ANTHROPIC -> AnthropicChatModel.builder().httpClientBuilder(http).baseUrl(e.baseUrl())
                    .apiKey(e.key().orElse(null)).modelName(r.model()).maxTokens(MAX_TOKENS).timeout(cfg.timeout())
                    .maxRetries(0).listeners(listeners).build();
            case GEMINI -> GoogleAiGeminiChatModel.builder().httpClientBuilder(http).baseUrl(e.baseUrl())
                    .apiKey(e.key().orElse(null)).modelName(r.model()).timeout(cfg.timeout()).maxRetries(0)
                    .listeners(listeners).build();
            case OLLAMA -> OllamaChatModel.builder().httpClientBuilder(http).baseUrl(e.baseUrl())
                    .modelName(r.model()).timeout(cfg.timeout()).maxRetries(0).listeners(listeners).build();
        };
    }

    /** @param stop when it completes, the model's open streams are aborted (null: never) */
    StreamingChatModel streaming(Route r, ModelUse use, ProviderConfig cfg, ChatModelListener tokens,
                                 CompletionStage<?> stop) {
        Endpoint e = r.endpoint();
        HttpClientBuilder http = http(r, use, cfg, stop);
        List<ChatModelListener> listeners = List.of(tokens);
        return switch (e.kind()) {
            case OPENAI, OPENAI_COMPATIBLE -> OpenAiStreamingChatModel.builder().httpClientBuilder(http)
                    .baseUrl(e.baseUrl()).apiKey(e.key().orElse(null)).modelName(r.model()).timeout(cfg.timeout())
                    .listeners(listeners).build();
            case ANTHROPIC -> AnthropicStreamingChatModel.builder().httpClientBuilder(http).baseUrl(e.baseUrl())
                    .apiKey(e.key().orElse(null)).modelName(r.model()).maxTokens(MAX_TOKENS).timeout(cfg.timeout())
                    .listeners(listeners).build();
            case GEMINI -> GoogleAiGeminiStreamingChatModel.builder().httpClientBuilder(http).baseUrl(e.baseUrl())
                    .apiKey(e.key().orElse(null)).modelName(r.model()).timeout(cfg.timeout()).listeners(listeners)
                    .build();
            case OLLAMA -> OllamaStreamingChatModel.builder().httpClientBuilder(http).baseUrl(e.baseUrl())
                    .modelName(r.model()).timeout(cfg.timeout()).listeners(listeners).build();
        };
    }

    private HttpClientBuilder http(Route r, ModelUse use, ProviderConfig cfg, CompletionStage<?> stop) {
        Endpoint e = r.endpoint();
        ProviderTarget target = new ProviderTarget(new OutboundCall(e.name(), r.model(), use.purpose()),
                e.key().map(List::of).orElse(List.of()), e.keySource(), cfg.maxRetries(), cfg.retryBase(),
                cfg.timeout());
        return OutboundHttpClient.builder(outbound, target, stop);
    }
}
