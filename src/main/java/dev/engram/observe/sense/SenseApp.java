package dev.engram.observe.sense;

import dev.engram.app.App;
import dev.engram.app.EventContext;
import dev.engram.app.OnEvent;

/**
 * Hands {@code observe.observing} bus events to {@link Sense}; returns at once (sense queues the work on its own
 * threads), so the app's event lane never waits for a transcription.
 */
public final class SenseApp implements App {
    private final Sense sense;

    SenseApp(Sense sense) {
        this.sense = sense;
    }

    @Override
    public String name() {
        return "sense";
    }

    @OnEvent(tract = "observe", event = "observing")
    public void observing(EventContext event) {
        sense.observing(event.msg());
    }

    @Override
    public void eventsDropped(long count) {
        sense.eventsDropped(count);
    }
}
