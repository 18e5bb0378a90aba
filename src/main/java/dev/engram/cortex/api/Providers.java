package dev.engram.cortex.api;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import java.util.Optional;

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

    /** Whether any provider is configured (with none, nothing leaves the machine). */
    boolean configured();

    /** One line for the owner saying how to configure a provider, for features that need one. */
    String howToConfigure();
}
