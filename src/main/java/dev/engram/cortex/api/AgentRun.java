package dev.engram.cortex.api;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One run's summary, read from its log.
 *
 * @param id           the run's id (epoch milliseconds as text)
 * @param persona      the persona it ran
 * @param prompt       what it was asked
 * @param model        the model its {@code start} event named, or {@code ""} before that
 * @param state        running, finished or failed
 * @param startedMs    when it was requested (epoch ms)
 * @param endedMs      when its {@code finish} or {@code error} was written
 * @param inputTokens  the {@code usage} of its {@code finish} (0 when none)
 * @param outputTokens as above
 * @param result       the final answer ({@code finish.result})
 * @param error        the {@code error} event's message
 * @param continueFrom the run this one continues, if any
 */
public record AgentRun(String id, String persona, String prompt, String model, RunState state, long startedMs,
                       OptionalLong endedMs, long inputTokens, long outputTokens, Optional<String> result,
                       Optional<String> error, Optional<String> continueFrom) {
    public AgentRun {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(persona, "persona");
        Objects.requireNonNull(prompt, "prompt");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(state, "state");
        endedMs = endedMs == null ? OptionalLong.empty() : endedMs;
        result = result == null ? Optional.empty() : result;
        error = error == null ? Optional.empty() : error;
        continueFrom = continueFrom == null ? Optional.empty() : continueFrom;
    }

    /** How a run stands. */
    public enum RunState {
        RUNNING, FINISHED, FAILED;

        /** {@code running}, {@code finished}, {@code failed}: the word the JSON APIs use. */
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
