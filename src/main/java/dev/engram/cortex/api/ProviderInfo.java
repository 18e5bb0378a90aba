package dev.engram.cortex.api;

import java.util.Objects;

/**
 * One configured provider endpoint as the owner may see it ({@link Providers#endpoints()}): never its key or URL.
 *
 * @param name  the endpoint's name in {@code config/journal.json} ({@code providers.endpoints.<name>}), or the kind's
 *              name when detected from the environment ({@code openai}, {@code anthropic}, {@code gemini},
 *              {@code ollama})
 * @param type  its wire protocol: {@code openai}, {@code openai-compatible}, {@code anthropic}, {@code gemini},
 *              {@code ollama}
 * @param model the model a run on it uses (the endpoint's {@code model}, else the type's default), or {@code ""}
 *              when none is known
 */
public record ProviderInfo(String name, String type, String model) {
    public ProviderInfo {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        model = model == null ? "" : model;
    }

    private static final java.util.regex.Pattern MODEL_NAME = java.util.regex.Pattern.compile(
            "[A-Za-z0-9][A-Za-z0-9._:/@+-]{0,199}");

    /**
     * Whether {@code name} can be a model name (OpenAI, Anthropic and Gemini ids, Ollama tags, Hugging Face paths:
     * letters, digits and {@code . _ : / @ + -}, at most 200 characters); whether the provider knows it, only the
     * provider can tell (404: {@code ProviderException.Reason.UNKNOWN_MODEL}).
     */
    public static boolean isModelName(String name) {
        return name != null && MODEL_NAME.matcher(name).matches();
    }
}
