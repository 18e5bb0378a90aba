package dev.engram.cortex.providers;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The wire protocols Engram speaks, with each one's defaults (base URL, key variables, a model per tier). */
enum ProviderKind {
    OPENAI("openai", "https://api.openai.com/v1", List.of("OPENAI_API_KEY"), true,
            Map.of("fast", "gpt-5-mini", "default", "gpt-5.2", "strong", "gpt-5.2")),
    /** Any server speaking OpenAI's chat completions (llama.cpp, vLLM, LM Studio): a base URL, a key only if asked. */
    OPENAI_COMPATIBLE("openai-compatible", null, List.of(), false, Map.of()),
    ANTHROPIC("anthropic", "https://api.anthropic.com/v1/", List.of("ANTHROPIC_API_KEY"), true,
            Map.of("fast", "claude-haiku-4-5", "default", "claude-sonnet-4-5", "strong", "claude-opus-4-5")),
    GEMINI("gemini", "https://generativelanguage.googleapis.com/v1beta", List.of("GEMINI_API_KEY", "GOOGLE_API_KEY"),
            true, Map.of("fast", "gemini-2.5-flash-lite", "default", "gemini-3-flash-preview",
            "strong", "gemini-3-pro-preview")),
    OLLAMA("ollama", "http://localhost:11434", List.of(), false, Map.of("fast", "llama3.2", "default", "llama3.2",
            "strong", "llama3.2"));

    final String id;
    final String defaultBaseUrl; // null: the owner must give one
    final List<String> keyVariables;
    final boolean needsKey;
    private final Map<String, String> models;

    ProviderKind(String id, String defaultBaseUrl, List<String> keyVariables, boolean needsKey,
                 Map<String, String> models) {
        this.id = id;
        this.defaultBaseUrl = defaultBaseUrl;
        this.keyVariables = keyVariables;
        this.needsKey = needsKey;
        this.models = models;
    }

    /** The model used for a tier when the owner named none. */
    Optional<String> defaultModel(String tier) {
        return Optional.ofNullable(models.getOrDefault(tier, models.get("default")));
    }

    static Optional<ProviderKind> parse(String type) {
        String t = type.strip().toLowerCase(Locale.ROOT);
        if (t.equals("google")) {
            return Optional.of(GEMINI);
        }
        for (ProviderKind k : values()) {
            if (k.id.equals(t)) {
                return Optional.of(k);
            }
        }
        return Optional.empty();
    }

    static String names() {
        return "openai, openai-compatible, anthropic, gemini (or google), ollama";
    }
}
