package dev.engram.apps.observers;

import dev.engram.app.AppContext;
import dev.engram.app.ServiceRegistry;
import dev.engram.callosum.Emitter;
import dev.engram.callosum.Message;
import dev.engram.convey.Convey;
import dev.engram.convey.TestPasswords;
import dev.engram.journal.Journal;
import dev.engram.observe.api.Ingest;
import dev.engram.observe.api.Observers;
import dev.engram.observe.ingest.IngestService;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A real Convey on 127.0.0.1 (free port) serving the three observer apps over a fresh, fully durable journal, with a
 * real {@link IngestService}; the bus is an {@link Emitter} that keeps what was sent, so tests see the events.
 */
final class IngestServer implements AutoCloseable {
    final Journal journal;
    final IngestService ingest;
    final Convey convey;
    final String url;
    final List<Message> events = new CopyOnWriteArrayList<>();
    /** While true the bus takes nothing (as a stopped bus or a full queue). */
    final java.util.concurrent.atomic.AtomicBoolean busDown = new java.util.concurrent.atomic.AtomicBoolean();
    /** The bus: what is emitted is kept, shown in browsers and handed to the apps' {@code @OnEvent} handlers. */
    final Emitter bus;
    private final dev.engram.app.EventDispatcher dispatcher;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    IngestServer(Path dir) {
        this(dir, IngestService.WALK_ATTEMPTS);
    }

    IngestServer(Path dir, int walkAttempts) {
        this(dir, walkAttempts, j -> { });
    }

    /** With {@code before} run on the new journal before the service starts (files another program left there). */
    IngestServer(Path dir, int walkAttempts, java.util.function.Consumer<Journal> before) {
        journal = Journal.create(dir, "Test Owner");
        before.accept(journal);
        TestPasswords.store(journal, TestPasswords.APPS_TEST);
        journal.updateConfig(c -> c.withConvey(c.convey().withTrustLocalhost(false)));
        Convey[] web = new Convey[1];
        dev.engram.app.EventDispatcher[] apps = new dev.engram.app.EventDispatcher[1];
        Emitter bus = m -> { // what the bus would bring back: kept for the tests and shown in the browsers
            if (busDown.get()) {
                return false;
            }
            events.add(m);
            if (web[0] != null) {
                web[0].publish(m);
            }
            if (apps[0] != null) {
                apps[0].dispatch(m);
            }
            return true;
        };
        this.bus = bus;
        ingest = new IngestService(journal, bus, walkAttempts);
        ServiceRegistry registry = new ServiceRegistry();
        registry.register(Observers.class, ingest);
        registry.register(Ingest.class, ingest);
        AppContext context = AppContext.of(journal, bus, registry);
        List<dev.engram.convey.ConveyApp> all = List.of(new ObserversApp(), new RemoteApp(), new ObserverApp());
        convey = Convey.builder(journal).host("127.0.0.1").port(0).emitter(bus).context(context).apps(all).build();
        web[0] = convey;
        dispatcher = new dev.engram.app.EventDispatcher(context, dev.engram.app.DispatcherSettings.defaults());
        dispatcher.register(all);
        dispatcher.start();
        apps[0] = dispatcher;
        url = convey.start();
    }

    HttpResponse<String> post(String path, Multipart body, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url + path)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", body.contentType()).POST(HttpRequest.BodyPublishers.ofByteArray(body.body()));
        return send(b, headers);
    }

    HttpResponse<String> postJson(String path, String json, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url + path)).timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
        return send(b, headers);
    }

    HttpResponse<String> get(String path, String... headers) {
        return send(HttpRequest.newBuilder(URI.create(url + path)).timeout(Duration.ofSeconds(20)).GET(), headers);
    }

    HttpResponse<String> send(HttpRequest.Builder b, String... headers) {
        for (int i = 0; i + 1 < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        try {
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A key created through the service (as the owner would in the app). */
    String key(String name) {
        return ingest.create(name).key();
    }

    @Override
    public void close() {
        dispatcher.stop();
        convey.stop();
        http.close();
    }
}
