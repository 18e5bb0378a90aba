package dev.engram.apps.tokens;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Estimated list prices in US dollars per million tokens (input, cached input, output) of common models, matched by
 * the longest prefix of the model name (lower case, a {@code models/} or {@code provider/} prefix removed), and the
 * provider a model name belongs to. Prices are published list prices as of 2025 and are estimates: a model not listed
 * has no price and its tokens are counted as unpriced, never guessed. Local models ({@code ollama}) cost nothing.
 */
final class Prices {
    record Price(String prefix, String provider, double input, double cachedInput, double output) {
    }

    private static final List<Price> TABLE = List.of(
            new Price("gpt-5-nano", "openai", 0.05, 0.005, 0.40),
            new Price("gpt-5-mini", "openai", 0.25, 0.025, 2.00),
            new Price("gpt-5", "openai", 1.25, 0.125, 10.00),
            new Price("gpt-4.1-nano", "openai", 0.10, 0.025, 0.40),
            new Price("gpt-4.1-mini", "openai", 0.40, 0.10, 1.60),
            new Price("gpt-4.1", "openai", 2.00, 0.50, 8.00),
            new Price("gpt-4o-mini", "openai", 0.15, 0.075, 0.60),
            new Price("gpt-4o", "openai", 2.50, 1.25, 10.00),
            new Price("o4-mini", "openai", 1.10, 0.275, 4.40),
            new Price("o3-mini", "openai", 1.10, 0.55, 4.40),
            new Price("o3", "openai", 2.00, 0.50, 8.00),
            new Price("claude-opus-4", "anthropic", 15.00, 1.50, 75.00),
            new Price("claude-sonnet-4", "anthropic", 3.00, 0.30, 15.00),
            new Price("claude-3-7-sonnet", "anthropic", 3.00, 0.30, 15.00),
            new Price("claude-3-5-sonnet", "anthropic", 3.00, 0.30, 15.00),
            new Price("claude-haiku-4", "anthropic", 1.00, 0.10, 5.00),
            new Price("claude-3-5-haiku", "anthropic", 0.80, 0.08, 4.00),
            new Price("gemini-2.5-pro", "google", 1.25, 0.31, 10.00),
            new Price("gemini-2.5-flash-lite", "google", 0.10, 0.025, 0.40),
            new Price("gemini-2.5-flash", "google", 0.30, 0.075, 2.50),
            new Price("gemini-2.0-flash-lite", "google", 0.075, 0.075, 0.30),
            new Price("gemini-2.0-flash", "google", 0.10, 0.025, 0.40))
            .stream().sorted(Comparator.comparingInt((Price p) -> p.prefix().length()).reversed()).toList();

    private Prices() {
    }

    static Optional<Price> of(String model) {
        String m = normalized(model);
        return TABLE.stream().filter(p -> m.startsWith(p.prefix())).findFirst();
    }

    /** The provider: a {@code provider/} prefix, the priced model's, or one guessed from the name; else "other". */
    static String provider(String model) {
        String lower = model.toLowerCase(Locale.ROOT).strip();
        int slash = lower.indexOf('/');
        if (slash > 0 && !lower.startsWith("models/")) {
            return lower.substring(0, slash);
        }
        Optional<Price> p = of(model);
        if (p.isPresent()) {
            return p.get().provider();
        }
        String m = normalized(model);
        if (m.startsWith("gpt") || m.matches("o\\d.*") || m.startsWith("text-embedding")) {
            return "openai";
        }
        if (m.startsWith("claude")) {
            return "anthropic";
        }
        if (m.startsWith("gemini") || m.startsWith("gemma")) {
            return "google";
        }
        if (m.contains(":") || m.startsWith("llama") || m.startsWith("qwen") || m.startsWith("mistral")) {
            return "ollama";
        }
        return "other";
    }

    /** Estimated cost in dollars, or empty when the model has no price (local models: zero). */
    static Optional<Double> cost(String model, String provider, long input, long cached, long billedOutput) {
        if (provider.equals("ollama")) {
            return Optional.of(0.0);
        }
        return of(model).map(p -> {
            long fresh = Math.max(0, input - cached);
            long hit = Math.min(cached, input);
            return (fresh * p.input() + hit * p.cachedInput() + billedOutput * p.output()) / 1_000_000.0;
        });
    }

    private static String normalized(String model) {
        String m = model.toLowerCase(Locale.ROOT).strip();
        int slash = m.lastIndexOf('/');
        return slash >= 0 ? m.substring(slash + 1) : m;
    }
}
