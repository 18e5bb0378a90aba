package dev.engram.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.engram.callosum.Message;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A failing consumer of a bus message never costs the next consumer the message. */
class ConsumerGuardTest {
    @Test
    void aFailingWebPublishStillLetsTheAppsGetEveryMessage() {
        ConsumerGuard guard = new ConsumerGuard();
        List<String> apps = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            Message m = Message.of("t", "e" + i);
            guard.run("web", m, () -> {
                throw new IllegalStateException("browser stream broke");
            });
            guard.run("apps", m, () -> apps.add(m.event()));
        }
        assertThat(apps).hasSize(100);
        assertThat(guard.failures()).isEqualTo(100);
    }
}
