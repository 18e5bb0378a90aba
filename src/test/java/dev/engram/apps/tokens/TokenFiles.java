package dev.engram.apps.tokens;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Token files in the reference's format for the Tokens tests: on 2026-03-02 a gpt-4o agent call (1M input of which
 * 200k cached, 100k output) and a gemini-2.5-flash describe call (3 requests, reasoning counted apart) and one broken
 * line; on 2026-03-03 a call of a model without a price.
 */
public final class TokenFiles {
    private TokenFiles() {
    }

    public static void write(Path root) {
        try {
            Path tokens = Files.createDirectories(root.resolve("tokens"));
            Files.writeString(tokens.resolve("20260302.jsonl"), """
                    {"timestamp": 1772445600.5, "model": "gpt-4o", "context": "agent.default.1772445600000", "usage": {"input_tokens": 1000000, "output_tokens": 100000, "total_tokens": 1100000, "cached_tokens": 200000}}
                    {"timestamp": 1772449200.25, "model": "gemini-2.5-flash", "context": "observe.describe.process_frames:214", "usage": {"input_tokens": 2000, "output_tokens": 500, "total_tokens": 3000, "reasoning_tokens": 500, "requests": 3}, "segment": "093000_300"}
                    {broken
                    """);
            Files.writeString(tokens.resolve("20260303.jsonl"), """
                    {"timestamp": 1772532000.0, "model": "mystery-model", "context": "think.insight.flow:88", "usage": {"input_tokens": 100, "output_tokens": 50, "total_tokens": 150}}
                    """);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
