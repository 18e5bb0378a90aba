package dev.engram.cortex.api;

import java.util.Objects;

/**
 * What an outbound request is for, as logged in {@code health/providers.jsonl} (never the content or the key).
 *
 * @param provider the configured provider's name, e.g. {@code openai}, {@code ollama}, {@code transcription}
 * @param model    the model asked, or {@code ""} when the request names none
 * @param purpose  why, e.g. {@code chat}, {@code insight.activity}, {@code transcribe}
 */
public record OutboundCall(String provider, String model, String purpose) {
    public OutboundCall {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(purpose, "purpose");
    }
}
