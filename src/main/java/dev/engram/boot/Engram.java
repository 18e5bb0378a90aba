package dev.engram.boot;

import dev.engram.app.App;
import dev.engram.app.DevApp;
import dev.engram.app.DispatchStats;
import dev.engram.app.DispatcherSettings;
import dev.engram.app.EventDispatcher;
import dev.engram.app.ExternalApps;
import dev.engram.app.RegistrationReport;
import dev.engram.apps.home.HomeApp;
import dev.engram.apps.live.LiveApp;
import dev.engram.apps.settings.SettingsApp;
import dev.engram.apps.transcripts.TranscriptsApp;
import dev.engram.callosum.BusStatus;
import dev.engram.callosum.CallosumClient;
import dev.engram.callosum.CallosumServer;
import dev.engram.callosum.Emitter;
import dev.engram.callosum.Message;
import dev.engram.callosum.ServerConfig;
import dev.engram.callosum.SocketPaths;
import dev.engram.convey.Convey;
import dev.engram.convey.ConveyApp;
import dev.engram.journal.Journal;
import dev.engram.journal.JournalException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: the one place that builds and wires Engram's parts into a running service. Start order:
 * journal, Callosum server, app event dispatcher (with every app registered), the bus client that feeds the
 * dispatcher and the browsers, then Convey. {@link #close()} stops them in reverse order.
 */
public final class Engram implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Engram.class);

    /** The built-in web apps, in one explicit list. */
    static List<ConveyApp> webApps() {
        return List.of(new HomeApp(), new TranscriptsApp(), new SettingsApp(), new LiveApp());
    }

    private final CallosumServer bus;
    private final EventDispatcher dispatcher;
    private final CallosumClient client;
    private final Convey convey;

    private Engram(CallosumServer bus, EventDispatcher dispatcher, CallosumClient client, Convey convey) {
        this.bus = bus;
        this.dispatcher = dispatcher;
        this.client = client;
        this.convey = convey;
    }

    /** Starts everything; on failure, whatever had started is stopped again and the error names the cause. */
    public static Engram start(EngramOptions options) {
        Journal journal = Journal.open(options.journal());
        checkWritable(journal);
        Path socket = options.socket().orElse(SocketPaths.defaultFor(journal.root()));
        CallosumServer bus = CallosumServer.start(
                ServerConfig.of(socket).withStatsFile(BusStatus.statsFileFor(journal.root())));
        AtomicReference<CallosumClient> clientRef = new AtomicReference<>();
        Emitter toBus = m -> emit(clientRef, m); // apps and Convey share the bus client, created once both exist
        EventDispatcher dispatcher = null;
        CallosumClient client = null;
        try {
            dispatcher = new EventDispatcher(journal, toBus, DispatcherSettings.defaults());
            List<ConveyApp> web = webApps();
            List<App> all = new ArrayList<>();
            all.add(new DevApp());
            all.addAll(web);
            report(dispatcher.register(all));
            report(dispatcher.register(ExternalApps.load(Engram.class.getClassLoader())));
            dispatcher.start();
            Convey convey = Convey.builder(journal).host(options.host()).port(options.port()).apps(web)
                    .emitter(toBus).build();
            EventDispatcher d = dispatcher;
            client = CallosumClient.start(socket, m -> {
                convey.publish(m);
                d.dispatch(m);
            });
            clientRef.set(client);
            convey.start();
            warnIfExposed(options.host());
            return new Engram(bus, dispatcher, client, convey);
        } catch (RuntimeException e) {
            if (client != null) {
                client.close();
            }
            if (dispatcher != null) {
                dispatcher.stop();
            }
            bus.close();
            throw e;
        }
    }

    public String url() {
        return convey.url();
    }

    public Path socket() {
        return bus.socketPath();
    }

    /** The app event dispatcher's counters (events dispatched, handler runs, failures, overflow). */
    public DispatchStats dispatchStats() {
        return dispatcher.stats();
    }

    /** Stops Convey, the bus client, the dispatcher (waiting for running handlers) and the bus, in that order. */
    @Override
    public void close() {
        LOG.info("Engram stopping");
        convey.stop();
        client.close();
        dispatcher.stop();
        bus.close();
        LOG.info("Engram stopped");
    }

    private static boolean emit(AtomicReference<CallosumClient> client, Message m) {
        CallosumClient c = client.get();
        return c != null && c.emit(m);
    }

    private static void warnIfExposed(String host) {
        boolean loopback;
        try {
            loopback = java.net.InetAddress.getByName(host).isLoopbackAddress();
        } catch (java.net.UnknownHostException e) {
            loopback = false;
        }
        if (!loopback) {
            LOG.warn("the web UI listens on {}, reachable from other machines over plain HTTP: put it behind a TLS"
                    + " proxy, or use --host 127.0.0.1", host);
        }
    }

    private static void report(RegistrationReport r) {
        r.failures().forEach(f -> LOG.warn("app not loaded: {}", f.message()));
    }

    /** Creates {@code health/} and proves the journal is writable before anything starts. */
    private static void checkWritable(Journal journal) {
        Path health = journal.root().resolve("health");
        try {
            Files.createDirectories(health);
            Path probe = Files.createTempFile(health, ".write-check", ".tmp");
            Files.delete(probe);
        } catch (IOException e) {
            throw new JournalException("the journal at " + journal.root() + " is not writable (" + e.getMessage()
                    + "): fix its permissions or point --journal elsewhere", e);
        }
    }
}
