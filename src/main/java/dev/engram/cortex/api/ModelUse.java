package dev.engram.cortex.api;

import java.util.Objects;

/**
 * Who asks for a model and why: the provider layer logs {@code purpose} with every outbound call
 * ({@code health/providers.jsonl}) and records token usage under {@code context} ({@code tokens/<day>.jsonl}).
 *
 * @param tier    {@code fast}, {@code default} or {@code strong} (the owner maps tiers to models in config)
 * @param purpose a short label such as {@code chat}, {@code insight.activity}, {@code agent}
 * @param context the reference's token context, e.g. {@code agent.<persona>.<id>} or {@code insight.<topic>}
 */
public record ModelUse(String tier, String purpose, String context) {
    public ModelUse {
        Objects.requireNonNull(tier, "tier");
        Objects.requireNonNull(purpose, "purpose");
        Objects.requireNonNull(context, "context");
    }
}
