package dev.engram.think;

import dev.engram.app.AppContext;
import dev.engram.app.DispatcherSettings;
import dev.engram.app.EventDispatcher;
import dev.engram.app.ServiceRegistry;
import dev.engram.callosum.CallosumClient;
import dev.engram.callosum.CallosumServer;
import dev.engram.callosum.Message;
import dev.engram.callosum.ServerConfig;
import dev.engram.journal.Journal;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.Awaitility;

/**
 * A REAL bus for think tests: a Callosum server on a fresh socket, Engram's side (a client feeding an
 * {@link EventDispatcher} with {@link ThinkApp}; {@link #context} emits through it) and another process's client that
 * sends and keeps the messages of the tracts it listens to in {@link #seen}.
 */
final class ThinkBus implements AutoCloseable {
    final AppContext context;
    final List<Message> seen = new CopyOnWriteArrayList<>();
    private final Path sockets;
    private final CallosumServer server;
    private final CallosumClient engram;
    private final CallosumClient other;
    private final List<Message> probes = new CopyOnWriteArrayList<>();
    private final AtomicReference<EventDispatcher> dispatcher = new AtomicReference<>();

    ThinkBus(Journal journal, ServiceRegistry services, Set<String> tracts) throws IOException {
        sockets = Files.createTempDirectory(Path.of("/tmp"), "engtb");
        Path socket = sockets.resolve("bus.sock");
        server = CallosumServer.start(ServerConfig.of(socket));
        engram = CallosumClient.start(socket, m -> {
            EventDispatcher d = dispatcher.get();
            if (d != null) {
                d.dispatch(m);
            }
        });
        context = AppContext.of(journal, engram, services);
        other = CallosumClient.start(socket, m -> {
            if (tracts.contains(m.tract())) {
                seen.add(m);
            } else if (m.tract().equals("probe")) {
                probes.add(m);
            }
        });
    }

    /** Think's events on this bus ({@code think.<event>}). */
    ThinkEvents events() {
        return (event, fields) -> context.emit("think", event, fields);
    }

    /** Hands the bus's events to {@code think} through its app, and waits until the bus carries messages both ways. */
    void dispatchTo(ThinkService think, Clock clock) {
        EventDispatcher d = new EventDispatcher(context, DispatcherSettings.defaults());
        d.register(List.of(new ThinkApp(think, clock)));
        d.start();
        dispatcher.set(d);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> engram.emit(Message.of("probe", "ping"))
                && !probes.isEmpty());
    }

    /** Sends {@code m} from the other process's client. */
    void send(Message m) {
        other.emit(m);
    }

    @Override
    public void close() throws IOException {
        EventDispatcher d = dispatcher.getAndSet(null);
        if (d != null) {
            d.stop();
        }
        other.close();
        engram.close();
        server.close();
        try (var s = Files.list(sockets)) {
            for (Path p : s.toList()) {
                Files.deleteIfExists(p);
            }
        }
        Files.deleteIfExists(sockets);
    }
}
