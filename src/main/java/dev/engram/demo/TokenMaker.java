package dev.engram.demo;

import dev.engram.journal.Extra;
import dev.engram.journal.TokenUsage;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.Optional;

/** Token usage records: one per segment for describing its screen, and the day's insight runs. */
final class TokenMaker {
    static final String FLASH = ScreenMaker.MODEL;
    static final String PRO = "gemini-2.5-pro";

    private TokenMaker() {
    }

    static TokenUsage describe(LocalDate date, SegmentPlan plan, Dice dice) {
        LocalTime at = plan.end().isBefore(plan.start()) ? LocalTime.of(23, 59, 59) : plan.end();
        long in = dice.between(1800, 9000);
        long out = dice.between(120, 900);
        Extra extra = Extra.empty().with("requests", dice.between(2, 6));
        if (dice.chance(0.4)) {
            extra = extra.with("cached_tokens", in / dice.between(2, 5));
        }
        return new TokenUsage(seconds(date, at, dice), FLASH, "observe.describe.process_frames:214",
                new TokenUsage.Counts(in, out, in + out, extra), Optional.of(plan.key().key()), Extra.empty());
    }

    static TokenUsage insight(LocalDate date, String topic, int segments, Dice dice) {
        long in = 4000L + segments * (long) dice.between(300, 700);
        long out = dice.between(600, 2400);
        long reasoning = dice.between(200, 1500);
        Extra extra = Extra.empty().with("reasoning_tokens", reasoning).with("requests", 1);
        return new TokenUsage(seconds(date, LocalTime.of(23, 50 + topic.length() % 9), dice), PRO,
                "think.insight." + topic + ":88", new TokenUsage.Counts(in, out, in + out + reasoning, extra),
                Optional.empty(), Extra.empty());
    }

    /** Epoch seconds with milliseconds, as the reference writes {@code time.time()}. */
    static double seconds(LocalDate date, LocalTime time, Dice dice) {
        return (DemoTime.millis(date, time) + dice.between(0, 999)) / 1000.0;
    }
}
