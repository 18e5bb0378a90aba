package dev.engram.app;

import dev.engram.callosum.Message;
import dev.engram.journal.Journal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Shared set-up: a journal, settings with short timeouts, an emitter that records what apps emit. */
final class Fixtures {
    final Journal journal;
    final List<Message> emitted = new CopyOnWriteArrayList<>();

    Fixtures(Path dir) {
        journal = Journal.create(dir.resolve("journal"), "Test");
    }

    static DispatcherSettings quick() {
        return DispatcherSettings.defaults().withHandlerTimeout(Duration.ofMillis(200))
                .withStopTimeout(Duration.ofSeconds(10));
    }

    EventDispatcher dispatcher(DispatcherSettings settings) {
        return new EventDispatcher(journal, m -> emitted.add(m), settings);
    }
}
