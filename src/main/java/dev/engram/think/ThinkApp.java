package dev.engram.think;

import dev.engram.app.App;
import dev.engram.app.EventContext;
import dev.engram.app.OnEvent;
import dev.engram.journal.Day;
import dev.engram.journal.SegmentKey;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands {@code observe.observed} bus events ({@code day} defaulting to today, {@code segment}) to the
 * {@link ThinkService}; an event without a valid segment is logged and ignored.
 */
public final class ThinkApp implements App {
    private static final Logger LOG = LoggerFactory.getLogger(ThinkApp.class);
    private final ThinkService think;
    private final Clock clock;

    public ThinkApp(ThinkService think, Clock clock) {
        this.think = think;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "think";
    }

    @OnEvent(tract = "observe", event = "observed")
    public void observed(EventContext ctx) {
        Optional<String> seg = ctx.msg().string("segment");
        Optional<Day> day = ctx.msg().string("day").map(Day::tryParse).orElse(Optional.of(new Day(LocalDate.now(clock))));
        Optional<SegmentKey> key = seg.flatMap(SegmentKey::tryParse);
        if (day.isEmpty() || key.isEmpty()) {
            LOG.warn("think: observe.observed without a valid day and segment ignored: {}", ctx.msg().toJson());
            return;
        }
        think.observed(day.get(), key.get());
    }
}
