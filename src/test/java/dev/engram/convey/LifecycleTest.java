package dev.engram.convey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.engram.journal.Journal;
import dev.engram.testing.HttpSession;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LifecycleTest {
    @TempDir
    Path dir;

    @Test
    void aPortInUseIsOneClearLine() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Convey c = Convey.builder(Journal.create(dir, "")).host("127.0.0.1").port(taken.getLocalPort()).build();
            assertThatThrownBy(c::start).isInstanceOf(ConveyException.class)
                    .hasMessage("port " + taken.getLocalPort() + " is in use: stop the other process or pass --port");
            c.stop();
        }
    }

    @Test
    void startsQuicklyAndStopsCleanly() {
        Convey c = Convey.builder(Journal.create(dir, "")).host("127.0.0.1").port(0).apps(TestApp.standard()).build();
        long t0 = System.nanoTime();
        String url = c.start();
        assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(3000);
        assertThat(url).matches("http://127\\.0\\.0\\.1:\\d+").isEqualTo(c.url());
        assertThat(new HttpSession(url).get("/login").statusCode()).isEqualTo(302);
        assertThat(c.emit("a", "b", Map.of())).as("no bus configured").isFalse();
        c.stop();
        c.stop();
        assertThatThrownBy(() -> new HttpSession(url).get("/login")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void invalidOrDuplicateAppNamesAreRefused() {
        Journal j = Journal.create(dir, "");
        assertThatThrownBy(() -> Convey.builder(j).apps(List.of(new TestApp("Bad-Name", AppInfo.of("x", "X")))).build())
                .isInstanceOf(ConveyException.class).hasMessageContaining("invalid app name");
        assertThatThrownBy(() -> Convey.builder(j).apps(List.of(new TestApp("a", AppInfo.of("x", "X")),
                new TestApp("a", AppInfo.of("y", "Y")))).build()).hasMessageContaining("two apps");
    }

    @Test
    void aFailingEmitterReportsFalse() {
        Convey c = Convey.builder(Journal.create(dir, "")).emitter(m -> {
            throw new IllegalStateException("bus down");
        }).build();
        assertThat(c.emit("a", "b", Map.of())).isFalse();
        Convey full = Convey.builder(Journal.create(dir, "")).emitter(m -> false).build();
        assertThat(full.emit("a", "b", Map.of())).isFalse();
    }
}
