package dev.engram.cortex.runs;

import dev.engram.cortex.api.ModelUse;
import dev.engram.cortex.api.Providers;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A test adapter of {@link Providers}: real LangChain4j OpenAI models pointed at a local server speaking OpenAI's
 * wire protocol (the real provider layer lands from another branch). Records each {@link ModelUse} asked.
 */
public final class TestProviders implements Providers {
    private final String baseUrl;
    public final List<ModelUse> uses = new CopyOnWriteArrayList<>();

    public TestProviders(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    @Override
    public Optional<ChatModel> chat(ModelUse use) {
        uses.add(use);
        return Optional.of(OpenAiChatModel.builder().baseUrl(baseUrl).apiKey("test-key").modelName("gpt-test")
                .build());
    }

    @Override
    public Optional<StreamingChatModel> streaming(ModelUse use) {
        uses.add(use);
        return Optional.of(OpenAiStreamingChatModel.builder().baseUrl(baseUrl).apiKey("test-key")
                .modelName("gpt-test").build());
    }

    @Override
    public boolean configured() {
        return true;
    }

    @Override
    public String howToConfigure() {
        return "configured";
    }

    /** Providers with nothing configured. */
    public static Providers none() {
        return new Providers() {
            @Override
            public Optional<ChatModel> chat(ModelUse use) {
                return Optional.empty();
            }

            @Override
            public Optional<StreamingChatModel> streaming(ModelUse use) {
                return Optional.empty();
            }

            @Override
            public boolean configured() {
                return false;
            }

            @Override
            public String howToConfigure() {
                return "set OPENAI_API_KEY (or configure a provider in config/journal.json)";
            }
        };
    }
}
