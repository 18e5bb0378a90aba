package dev.engram.app;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import dev.engram.callosum.Message;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.ResourceLock;

@ResourceLock(LogCapture.LOCK)
class ExternalAppsTest {
    @TempDir
    Path dir;

    @Test
    void loadsExternalAppsAndSkipsBrokenProviders() throws InterruptedException {
        List<App> apps;
        try (LogCapture log = new LogCapture(ExternalApps.class, Level.INFO)) {
            apps = ExternalApps.load(getClass().getClassLoader());
            assertThat(log.messages(Level.WARN)).hasSize(3).allMatch(m -> m.startsWith(
                    "skipped a broken external app provider: dev.engram.app.App: "));
            assertThat(log.messages(Level.WARN)).anyMatch(m -> m.contains("DoesNotExist"))
                    .anyMatch(m -> m.contains("BrokenProviderApp")).anyMatch(m -> m.contains("MatchingTest"));
            assertThat(log.messages(Level.INFO)).containsExactly(
                    "found external app external (dev.engram.app.ExternalTestApp)",
                    "found external app extweb (dev.engram.boot.ExternalWebApp)");
        }
        assertThat(apps).hasSize(2).first().isInstanceOf(ExternalTestApp.class);

        EventDispatcher dispatcher = new Fixtures(dir).dispatcher(Fixtures.quick());
        try {
            assertThat(dispatcher.register(List.of(new DevApp())).registered()).containsExactly("dev");
            assertThat(dispatcher.register(apps).registered()).containsExactly("external", "extweb");
            dispatcher.start();
            dispatcher.dispatch(Message.of("ext", "ping"));
            Waits.until("external app handled the event", () -> ExternalTestApp.SEEN.contains("ext/ping"));
        } finally {
            dispatcher.reset();
        }
    }
}
