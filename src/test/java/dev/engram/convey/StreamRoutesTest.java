package dev.engram.convey;

import static org.assertj.core.api.Assertions.assertThat;

import dev.engram.testing.HttpSession;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link AppRoutes#stream}: server-sent events from an app route, bounded and closed by the app. */
class StreamRoutesTest {
    @TempDir
    Path dir;

    @Test
    void anAppStreamsEventsAndEndsTheResponse() throws Exception {
        try (ConveyFixture f = new ConveyFixture(dir, Duration.ofMillis(200)).withPassword()) {
            HttpSession h = f.loggedIn();
            HttpResponse<String> r = h.getAsync("/app/home/api/count/50", HttpResponse.BodyHandlers.ofString(),
                    "Accept", "text/event-stream").get(20, TimeUnit.SECONDS);
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
            assertThat(r.body()).startsWith(": connected").contains("event: tick\ndata: {\"i\":0}\n")
                    .contains("event: tick\ndata: {\"i\":49}\n").endsWith("data: done\n\n");
            assertThat(r.body().indexOf("\"i\":48")).isLessThan(r.body().indexOf("\"i\":49"));
            TestApp app = (TestApp) f.apps.get(0);
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                    .until(() -> app.closedStreams.get() == 1);
        }
    }

    @Test
    void aFailingStreamSendsAnErrorEventAndAStreamNeedsItsAccess() throws Exception {
        try (ConveyFixture f = new ConveyFixture(dir).withPassword()) {
            HttpResponse<String> r = f.loggedIn().getAsync("/app/home/api/broken-stream",
                    HttpResponse.BodyHandlers.ofString(), "Accept", "text/event-stream").get(20, TimeUnit.SECONDS);
            assertThat(r.body()).contains("event: error\ndata: {\"error\":\"there is no such job\",\"reason_code\":\"no_such_job\"}");
            assertThat(f.client().get("/app/home/api/count/3", "Accept", "text/event-stream").statusCode()).isEqualTo(401);
        }
    }
}
