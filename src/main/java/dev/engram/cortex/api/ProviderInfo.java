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
}
