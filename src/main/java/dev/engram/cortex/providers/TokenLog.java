package dev.engram.cortex.providers;

import dev.engram.journal.Day;
import dev.engram.journal.Extra;
import dev.engram.journal.Journal;
import dev.engram.journal.JournalException;
import dev.engram.journal.TokenUsage;
import dev.langchain4j.model.anthropic.AnthropicTokenUsage;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.chat.listener.ChatModelResponseContext;
import dev.langchain4j.model.googleai.GoogleAiGeminiTokenUsage;
import dev.langchain4j.model.openai.OpenAiTokenUsage;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Appends one line per answered call to {@code tokens/<day>.jsonl} (the local day of the clock), in the reference's
 * format: {@code timestamp} (epoch seconds), {@code model}, {@code context}, {@code usage{input_tokens,
 * output_tokens, total_tokens, cached_tokens?, reasoning_tokens?}}, plus {@code provider}. A line that cannot be
 * written is logged and counted, never failing the call.
 */
final class TokenLog implements ChatModelListener {
    private static final Logger LOG = LoggerFactory.getLogger(TokenLog.class);

    private final Journal journal;
    private final Clock clock;
    private final Route route;
    private final String context;
    private final AtomicLong failures;

    TokenLog(Journal journal, Clock clock, Route route, String context, AtomicLong failures) {
        this.journal = journal;
        this.clock = clock;
        this.route = route;
        this.context = context;
        this.failures = failures;
    }

    @Override
    public void onResponse(ChatModelResponseContext ctx) {
        dev.langchain4j.model.output.TokenUsage u = ctx.chatResponse().tokenUsage();
        if (u == null) {
            return;
        }
        long in = n(u.inputTokenCount());
        long out = n(u.outputTokenCount());
        long total = u.totalTokenCount() != null ? u.totalTokenCount() : in + out;
        Extra counts = Extra.empty();
        Integer cached = switch (u) {
            case OpenAiTokenUsage o -> o.inputTokensDetails() == null ? null : o.inputTokensDetails().cachedTokens();
            case AnthropicTokenUsage a -> a.cacheReadInputTokens();
            case GoogleAiGeminiTokenUsage g -> g.cachedContentTokenCount();
            default -> null;
        };
        if (cached != null) {
            counts = counts.with("cached_tokens", cached);
        }
        if (u instanceof OpenAiTokenUsage o && o.outputTokensDetails() != null
                && o.outputTokensDetails().reasoningTokens() != null) {
            counts = counts.with("reasoning_tokens", o.outputTokensDetails().reasoningTokens());
        } else if (u instanceof GoogleAiGeminiTokenUsage g && g.thoughtsTokenCount() != null) {
            counts = counts.with("reasoning_tokens", g.thoughtsTokenCount());
        }
        String model = ctx.chatResponse().modelName() != null ? ctx.chatResponse().modelName() : route.model();
        TokenUsage line = new TokenUsage(clock.millis() / 1000.0, model, context,
                new TokenUsage.Counts(in, out, total, counts), Optional.empty(),
                Extra.empty().with("provider", route.endpoint().name()));
        try {
            journal.tokens().record(new Day(LocalDate.now(clock)), line);
        } catch (JournalException e) {
            failures.incrementAndGet();
            LOG.warn("cannot record token usage in tokens/ ({}): {}", context, e.getMessage());
        }
    }

    private static long n(Integer v) {
        return v == null ? 0 : v;
    }
}
