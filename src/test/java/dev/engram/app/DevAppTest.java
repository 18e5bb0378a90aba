package dev.engram.app;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import dev.engram.callosum.Message;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.ResourceLock;

@ResourceLock(LogCapture.LOCK)
class DevAppTest {
    @TempDir
    Path dir;

    @Test
    void logsEveryEventAtDebugLikeTheReference() throws InterruptedException {
        EventDispatcher dispatcher = new Fixtures(dir).dispatcher(Fixtures.quick());
        try (LogCapture log = new LogCapture(DevApp.class, Level.DEBUG)) {
            assertThat(dispatcher.register(List.of(new DevApp())).registered()).containsExactly("dev");
            assertThat(dispatcher.handlersFor("any", "thing")).containsExactly("dev:DevApp#onEvent");
            dispatcher.start();
            dispatcher.dispatch(Message.of("observe", "observed", Map.of("segment", "120000_300")));
            dispatcher.dispatch(Message.of("cortex", "finish"));
            Waits.until("two debug lines", () -> log.messages(Level.DEBUG).size() == 2);

            assertThat(log.messages(Level.DEBUG)).containsExactly(
                    "[dev] Event: observe/observed - keys: ['tract', 'event', 'segment']",
                    "[dev] Event: cortex/finish - keys: ['tract', 'event']");
            assertThat(log.events()).allMatch(e -> e.getLevel() == Level.DEBUG);
        } finally {
            dispatcher.reset();
        }
    }
}
