package dev.engram.convey;

import static org.assertj.core.api.Assertions.assertThat;

import dev.engram.callosum.Message;
import dev.engram.testing.HttpSession;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LiveEventsTest {
    @TempDir
    Path dir;

    @Test
    void aPublishedMessageReachesAConnectedBrowser() throws Exception {
        try (ConveyFixture f = new ConveyFixture(dir, Duration.ofMillis(200)).withPassword()) {
            HttpSession h = f.loggedIn();
            BlockingQueue<String> lines = stream(h);
            await(() -> f.convey.liveClients() == 1);
            f.convey.publish(Message.of("observe", "observed", Map.of("segment", "120000_300")));
            assertThat(nextData(lines)).isEqualTo("data: {\"tract\":\"observe\",\"event\":\"observed\",\"segment\":\"120000_300\"}");
            String heartbeat = "";
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (!heartbeat.equals(": heartbeat") && System.nanoTime() < end) {
                String l = lines.poll(1, TimeUnit.SECONDS);
                heartbeat = l == null ? "" : l;
            }
            assertThat(heartbeat).isEqualTo(": heartbeat");
        }
    }

    @Test
    void aStalledBrowserIsDroppedWithoutDelayingAnother() throws Exception {
        try (ConveyFixture f = new ConveyFixture(dir).withPassword()) {
            HttpSession h = f.loggedIn();
            AtomicInteger received = new AtomicInteger();
            BlockingQueue<String> lines = stream(h);
            Thread.ofVirtual().start(() -> {
                try {
                    while (true) {
                        String l = lines.take();
                        if (l.startsWith("data: ")) {
                            received.incrementAndGet();
                        }
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            try (Socket stalled = new Socket()) {
                stalled.setReceiveBufferSize(4096);
                openStream(stalled, f, h);
                await(() -> f.convey.liveClients() == 2);

                String padding = "x".repeat(4000);
                int published = 0;
                long slowest = 0;
                while (f.convey.droppedLiveClients() == 0 && published < 20_000) {
                    for (int i = 0; i < 100; i++) {
                        long t0 = System.nanoTime();
                        f.convey.publish(Message.of("test", "bulk", Map.of("i", published, "pad", padding)));
                        slowest = Math.max(slowest, System.nanoTime() - t0);
                        published++;
                    }
                    int target = published;
                    await(() -> received.get() >= target);
                }
                assertThat(f.convey.droppedLiveClients()).isEqualTo(1);
                assertThat(received.get()).isEqualTo(published);
                // publish never waits for a browser: a blocking one would wait seconds for the stalled socket; the
                // bound is loose so a GC or scheduling pause on a busy 2-core machine is not mistaken for blocking
                assertThat(TimeUnit.NANOSECONDS.toMillis(slowest)).as("slowest publish (ms)").isLessThan(1500);
                await(() -> f.convey.liveClients() == 1);
                f.convey.publish(Message.of("test", "after"));
                int expected = published + 1;
                await(() -> received.get() == expected);
            }
        }
    }

    /**
     * A browser that goes away (its connection reset) is forgotten at the next event, and leaves no work behind: the
     * stream ends while its request is still whole. Closing it after Jetty had recycled the request made Javalin's
     * error handling throw on the recycled request, then handle that, for ever: a core spinning and a warning per turn
     * (found as hundreds of thousands of lines in the test logs).
     */
    @Test
    void aBrowserThatWentAwayLeavesNoWorkBehind() throws Exception {
        ch.qos.logback.classic.Logger javalin = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory
                .getLogger("io.javalin.Javalin");
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> seen =
                new ch.qos.logback.core.read.ListAppender<>();
        seen.start();
        javalin.addAppender(seen);
        try {
            try (ConveyFixture f = new ConveyFixture(dir, Duration.ofMillis(100)).withPassword()) {
                HttpSession h = f.loggedIn();
                for (int round = 0; round < 4; round++) {
                    goAway(f, h, round % 2 == 0);
                    int r = round;
                    await(() -> {
                        if (r < 2) {
                            f.convey.publish(Message.of("test", "probe"));
                        } // else the heartbeat finds it gone
                        return f.convey.liveClients() == 0;
                    });
                }
            }
            for (int round = 0; round < 10; round++) { // and browsers still connected when Engram stops
                try (ConveyFixture f = new ConveyFixture(dir.resolve("stop-" + round), Duration.ofMillis(100))
                        .withPassword()) {
                    HttpSession h = f.loggedIn();
                    for (int i = 0; i < 8; i++) {
                        stream(h);
                    }
                    await(() -> f.convey.liveClients() == 8);
                }
            }
            Thread.sleep(500); // a spinning request would log thousands of warnings here
        } finally {
            javalin.detachAppender(seen);
        }
        List<String> ours;
        synchronized (seen) {
            ours = seen.list.stream().filter(e -> e.getThreadName().startsWith("sse-"))
                    .map(e -> e.getThreadName() + ": " + e.getFormattedMessage()).toList();
        }
        assertThat(ours).as("Javalin's warnings on the streams' own threads (%d, the first: %s)", ours.size(),
                ours.stream().limit(4).toList()).hasSize(0);
    }

    /** Opens /sse/events on a socket of its own and closes it: with a reset, or as a page does when left. */
    private static void goAway(ConveyFixture f, HttpSession h, boolean reset) throws java.io.IOException {
        try (Socket gone = new Socket()) {
            openStream(gone, f, h);
            await(() -> f.convey.liveClients() == 1);
            if (reset) {
                gone.setSoLinger(true, 0); // as when a laptop's lid closes mid-stream
            }
        }
    }

    /** Connects {@code socket} to the server and asks for /sse/events with the session's cookie; reads nothing. */
    private static void openStream(Socket socket, ConveyFixture f, HttpSession h) throws java.io.IOException {
        URI u = URI.create(f.url);
        socket.connect(new InetSocketAddress(u.getHost(), u.getPort()));
        OutputStream out = socket.getOutputStream();
        out.write(("GET /sse/events HTTP/1.1\r\nHost: " + u.getAuthority() + "\r\nAccept: text/event-stream\r\n"
                + "Cookie: " + Convey.SESSION_COOKIE + "=" + h.cookie(Convey.SESSION_COOKIE) + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** Opens /sse/events with the client's cookies; lines arrive in the returned queue. */
    private static BlockingQueue<String> stream(HttpSession h) {
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        h.getAsync("/sse/events", HttpResponse.BodyHandlers.ofInputStream(), "Accept", "text/event-stream")
                .thenAccept(r -> {
                    assertThat(r.statusCode()).isEqualTo(200);
                    Thread.ofVirtual().start(() -> read(r.body(), lines));
                });
        return lines;
    }

    private static void read(InputStream in, BlockingQueue<String> lines) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String l = r.readLine(); l != null; l = r.readLine()) {
                if (!l.isEmpty()) {
                    lines.add(l);
                }
            }
        } catch (java.io.IOException e) {
            lines.add("closed: " + e);
        }
    }

    private static String nextData(BlockingQueue<String> lines) throws InterruptedException {
        for (int i = 0; i < 50; i++) {
            String l = lines.poll(5, TimeUnit.SECONDS);
            if (l == null || l.startsWith("data: ")) {
                return l == null ? "" : l;
            }
        }
        return "";
    }

    static void await(BooleanSupplier condition) {
        Awaitility.await().atMost(Duration.ofSeconds(15)).until(condition::getAsBoolean);
    }

}
