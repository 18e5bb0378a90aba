package dev.engram.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.engram.callosum.CallosumClient;
import dev.engram.callosum.Message;
import dev.engram.convey.ConveyException;
import dev.engram.convey.Passwords;
import dev.engram.journal.Journal;
import dev.engram.journal.JournalException;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole service in one JVM: bus, dispatcher, web UI, wired by the composition root. */
class EngramTest {
    @TempDir
    Path tmp;
    Path sockets;
    Journal journal;
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeEach
    void journal() throws IOException {
        sockets = Files.createTempDirectory(Path.of("/tmp"), "eng");
        journal = Journal.create(tmp.resolve("journal"), "Test Owner");
        Passwords.set(journal, "correct horse battery".toCharArray());
        journal.updateConfig(c -> c.withConvey(c.convey().withTrustLocalhost(true)));
    }

    @AfterEach
    void cleanup() throws IOException {
        try (Stream<Path> s = Files.list(sockets)) {
            for (Path p : s.toList()) {
                Files.deleteIfExists(p);
            }
        }
        Files.deleteIfExists(sockets);
    }

    private EngramOptions options(int port) {
        return new EngramOptions(journal.root(), "127.0.0.1", port, Optional.of(sockets.resolve("bus.sock")));
    }

    @Test
    void busMessagesReachBrowsersAndAppHandlersAndCloseRemovesTheSocket() throws Exception {
        Engram engram = Engram.start(options(0));
        try {
            HttpResponse<String> home = http.send(HttpRequest.newBuilder(URI.create(engram.url() + "/app/home/")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(home.statusCode()).isEqualTo(200);
            assertThat(home.body()).contains("Home");

            HttpResponse<Stream<String>> sse = http.send(HttpRequest.newBuilder(URI.create(engram.url() + "/sse/events")).header("Accept", "text/event-stream")
                    .build(), HttpResponse.BodyHandlers.ofLines());
            assertThat(sse.statusCode()).isEqualTo(200);
            Iterator<String> lines = sse.body().iterator();
            long before = engram.dispatchStats().dispatched();
            CompletableFuture<String> seen = CompletableFuture.supplyAsync(() -> {
                while (lines.hasNext()) {
                    String line = lines.next();
                    if (line.contains("\"probe\"")) {
                        return line;
                    }
                }
                return "";
            });
            // The browser's stream registers asynchronously: keep sending until one arrives.
            AtomicInteger sent = new AtomicInteger();
            await("a probe reaches the event stream").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                    .until(() -> {
                        assertThat(CallosumClient.send(engram.socket(),
                                Message.of("test", "probe", Map.of("n", sent.getAndIncrement())))).isTrue();
                        return seen.isDone();
                    });
            assertThat(seen.get(10, TimeUnit.SECONDS)).startsWith("data: ").contains("\"tract\":\"test\"");
            // no app handles test.* (the dev app that logs every event is registered only at DEBUG); the observers
            // app handles observe.status (one without an observer is not an observer's, so it keeps nothing)
            assertThat(CallosumClient.send(engram.socket(), Message.of("observe", "status", Map.of("probe", 1))))
                    .isTrue();
            await("the dispatcher handled the probe").atMost(Duration.ofSeconds(10))
                    .until(() -> engram.dispatchStats().dispatched() > before);
        } finally {
            engram.close();
        }
        assertThat(engram.socket()).doesNotExist();
        assertThat(journal.root().resolve("health/callosum.json")).exists();
    }

    private String get(String url) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
        return r.statusCode() + " " + r.body();
    }

    @Test
    void anAppFoundThroughServiceLoaderGetsRoutesAndHandlersAndStartsOnce() throws Exception {
        Engram engram = Engram.start(options(0));
        try {
            assertThat(get(engram.url() + "/app/extweb/api/state")).isEqualTo("200 starts=1 events=0");
            assertThat(CallosumClient.send(engram.socket(), Message.of("extweb", "ping"))).isTrue();
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(
                    () -> get(engram.url() + "/app/extweb/api/state").equals("200 starts=1 events=1"));
        } finally {
            engram.close();
        }
    }

    @Test
    void everyServicesHealthIsServedAtHealthAndWrittenForStatus() throws Exception {
        Engram engram = Engram.start(options(0));
        Path snapshot = journal.root().resolve("health/engram.json");
        try {
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                    .until(() -> get(engram.url() + "/health").startsWith("200 {\"status\":\"up\""));
            tools.jackson.databind.JsonNode health = new tools.jackson.databind.json.JsonMapper()
                    .readTree(get(engram.url() + "/health").substring(4));
            assertThat(health.get("services").propertyNames()).containsExactly("scheduler", "tools", "mcp",
                    "providers", "callosum", "bus-client", "journal-feed", "sense", "agents", "apps", "ingest",
                    "convey", "index", "importer", "think", "supervisor");
            assertThat(health.get("services").get("apps").get("facts").get("home").get("dropped").asLong()).isZero();
            assertThat(health.toString()).doesNotContainIgnoringCase("pbkdf2").doesNotContainIgnoringCase("password");
            assertThat(engram.health().state()).isEqualTo(dev.engram.app.Health.State.UP);

            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(snapshot));
            assertThat(status()).contains("engram    ").contains("    callosum    up").contains("    convey      up");
            // without --socket, status finds the bus this Engram serves away from the journal's default socket
            java.io.StringWriter found = new java.io.StringWriter();
            assertThat(dev.engram.cli.Main.run(new String[] {"status", "--journal", journal.root().toString()},
                    new java.io.PrintWriter(found), new java.io.PrintWriter(new java.io.StringWriter()))).isZero();
            assertThat(found.toString()).contains("  bus       up at " + sockets.resolve("bus.sock").toAbsolutePath());
        } finally {
            engram.close();
        }
        assertThat(Files.readString(snapshot)).contains("\"running\" : false");
        assertThat(status()).containsPattern("  engram    not running \\(last seen \\d+ s ago\\)");
    }

    private String status() {
        java.io.StringWriter out = new java.io.StringWriter();
        int code = dev.engram.cli.Main.run(new String[] {"status", "--journal", journal.root().toString(), "--socket",
            sockets.resolve("bus.sock").toString()}, new java.io.PrintWriter(out),
                new java.io.PrintWriter(new java.io.StringWriter()));
        assertThat(code).isZero();
        return out.toString();
    }

    @Test
    void aBusyPortIsOneClearErrorAndLeavesNothingRunning() throws IOException {
        try (ServerSocket busy = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            assertThatThrownBy(() -> Engram.start(options(busy.getLocalPort())))
                    .isInstanceOf(ConveyException.class)
                    .hasMessageContaining("port " + busy.getLocalPort() + " is in use");
        }
        assertThat(sockets.resolve("bus.sock")).doesNotExist();
        Engram again = Engram.start(options(0));
        again.close();
    }

    @Test
    void anUnwritableJournalIsOneClearError() throws IOException {
        Files.writeString(journal.root().resolve("health"), "not a folder");
        assertThatThrownBy(() -> Engram.start(options(0)))
                .isInstanceOf(JournalException.class)
                .hasMessageContaining("is not writable");
    }

    @Test
    void aHealthFolderLeavingTheJournalThroughASymlinkIsRefused() throws IOException {
        Path outside = Files.createDirectories(tmp.resolve("elsewhere"));
        Path health = journal.root().resolve("health");
        if (Files.exists(health)) {
            try (Stream<Path> s = Files.list(health)) {
                for (Path p : s.toList()) {
                    Files.delete(p);
                }
            }
            Files.delete(health);
        }
        Files.createSymbolicLink(health, outside);
        assertThatThrownBy(() -> Engram.start(options(0))).isInstanceOf(JournalException.class)
                .hasMessageContaining("health/engram.json").hasMessageContaining("symbolic link")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        try (Stream<Path> s = Files.list(outside)) {
            assertThat(s.toList()).as("nothing written outside the journal").isEmpty();
        }
    }

    @Test
    void aDeadBusIsFatalAndNamesTheFix() {
        Engram engram = Engram.start(options(0));
        try {
            assertThat(engram.fatal()).isEmpty();
            dev.engram.callosum.ServerFaults.failIoLoop(engram.busServer().server(),
                    new IllegalStateException("injected I/O loop fault"));
            await().atMost(Duration.ofSeconds(10)).until(() -> engram.fatal().isPresent());
            assertThat(engram.fatal().orElseThrow()).contains("injected I/O loop fault").endsWith("restart engram");
        } finally {
            engram.close();
        }
        assertThat(engram.fatal()).as("a normal stop is not fatal").isEmpty();
    }
}
