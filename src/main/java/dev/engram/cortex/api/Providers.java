package dev.engram.cortex.api;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * The owner's configured LLM providers, found in the registry as {@code context.service(Providers.class)}. Every model
 * it hands out makes its HTTP calls through the one outbound place (logged, never the content or the key) and records
 * token usage; callers never build LangChain4j models themselves.
 */
public interface Providers {

    /** A blocking chat model for this use, or empty when no provider is configured for its tier. */
    Optional<ChatModel> chat(ModelUse use);

    /** A streaming chat model for this use, or empty when no provider is configured for its tier. */
    Optional<StreamingChatModel> streaming(ModelUse use);

    /**
     * A streaming chat model for this use whose open HTTP calls are aborted once {@code stop} completes: the
     * connection to the provider is closed and the handler gets an error, so a cancelled or timed-out caller leaves
     * nothing streaming behind. Implementations that cannot abort answer {@link #streaming(ModelUse)}.
     */
    default Optional<StreamingChatModel> streaming(ModelUse use, CompletionStage<?> stop) {
        return streaming(use);
    }

    /**
     * The configured endpoints, in configuration order (empty when none is configured): names, types and models for
     * a picker, never a key. Implementations that cannot name their endpoints answer an empty list.
     */
    default List<ProviderInfo> endpoints() {
        return List.of();
    }

    /**
     * A blocking chat model for this use on the named endpoint (one of {@link #endpoints()}), bypassing the tier and
     * task routing; {@code model} empty: the endpoint's model. Empty when no endpoint has that name.
     */
    default Optional<ChatModel> chat(ModelUse use, String endpoint, Optional<String> model) {
        return Optional.empty();
    }

    /**
     * A streaming chat model for this use on the named endpoint (one of {@link #endpoints()}), aborted once
     * {@code stop} completes like {@link #streaming(ModelUse, CompletionStage)}; {@code model} empty: the endpoint's
     * model. Empty when no endpoint has that name.
     */
    default Optional<StreamingChatModel> streaming(ModelUse use, String endpoint, Optional<String> model,
                                                   CompletionStage<?> stop) {
        return Optional.empty();
    }

    /** Whether any provider is configured (with none, nothing leaves the machine). */
    boolean configured();

    /** One line for the owner saying how to configure a provider, for features that need one. */
    String howToConfigure();
}
