package dev.engram.boot;

import dev.engram.app.App;
import dev.engram.app.AppContext;
import dev.engram.app.DevApp;
import dev.engram.app.DispatchStats;
import dev.engram.app.DispatcherSettings;
import dev.engram.app.EventDispatcher;
import dev.engram.app.ExternalApps;
import dev.engram.app.HealthFile;
import dev.engram.app.HealthReport;
import dev.engram.app.Lifecycle;
import dev.engram.app.RegistrationReport;
import dev.engram.app.Scheduler;
import dev.engram.app.Service;
import dev.engram.app.TaskScheduler;
import dev.engram.apps.home.HomeApp;
import dev.engram.apps.live.LiveApp;
import dev.engram.apps.mcptokens.McpTokensApp;
import dev.engram.apps.settings.SettingsApp;
import dev.engram.apps.transcripts.TranscriptsApp;
import dev.engram.callosum.ServerConfig;
import dev.engram.callosum.SocketPaths;
import dev.engram.convey.ConveyApp;
import dev.engram.convey.ServletMount;
import dev.engram.cortex.api.Tools;
import dev.engram.cortex.tools.JournalTools;
import dev.engram.index.Indexer;
import dev.engram.index.api.Searcher;
import dev.engram.journal.Journal;
import dev.engram.journal.JournalException;
import dev.engram.journal.Recovery;
import dev.engram.mcp.McpHttp;
import dev.engram.mcp.api.McpTokens;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: the one place that builds Engram's parts and hands them to the {@link Lifecycle}, which starts
 * them in dependency order (callosum; bus-client and scheduler; apps; convey), rolls back on a failed start, stops
 * them in reverse and reports their health ({@code /health}, {@code health/engram.json}).
 */
public final class Engram implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Engram.class);
    /** How often {@code health/engram.json} is rewritten. */
    static final Duration HEALTH_EVERY = Duration.ofSeconds(5);

    /** The built-in web apps, in one explicit list. */
    static List<ConveyApp> webApps() {
        return List.of(new HomeApp(), new TranscriptsApp(), new SettingsApp(), new LiveApp(), new McpTokensApp());
    }

    private final Journal journal;
    private final Lifecycle lifecycle;
    private final EventDispatcher dispatcher;
    private final WebService web;
    private final Path socket;
    private final BusServerService bus;

    private Engram(Journal journal, Lifecycle lifecycle, EventDispatcher dispatcher, WebService web, Path socket,
                   BusServerService bus) {
        this.bus = bus;
        this.journal = journal;
        this.lifecycle = lifecycle;
        this.dispatcher = dispatcher;
        this.web = web;
        this.socket = socket;
    }

    /** Starts everything; on failure, whatever had started is stopped again and the error names the cause. */
    public static Engram start(EngramOptions options) {
        Journal journal = Journal.open(options.journal());
        // health/ is part of the journal: refused (one line naming it) when a symbolic link leads it elsewhere
        Path healthFile = journal.healthFile("engram.json");
        Path schedulerState = journal.healthFile("scheduler.json");
        Path busStats = journal.healthFile("callosum.json");
        checkWritable(journal);
        recover(journal);
        Path root = journal.root();
        Path socket = options.socket().orElse(SocketPaths.defaultFor(root));
        Lifecycle life = new Lifecycle().snapshotTo(healthFile, HEALTH_EVERY);

        TaskScheduler scheduler = new TaskScheduler(Clock.systemDefaultZone(), schedulerState,
                Duration.ofSeconds(1));
        life.provide(Scheduler.class, scheduler);
        // the bus client feeds the dispatcher and Convey, which need the client as their emitter: set before start
        WebService[] web = new WebService[1];
        EventDispatcher[] apps = new EventDispatcher[1];
        ConsumerGuard guard = new ConsumerGuard();
        BusClientService client = new BusClientService(socket, m -> {
            // each consumer on its own: a failing web publish never costs the apps the message (nor the reverse)
            guard.run("web", m, () -> web[0].publish(m));
            guard.run("apps", m, () -> apps[0].dispatch(m));
        });
        AppContext context = AppContext.of(journal, client, life.registry());
        EventDispatcher dispatcher = new EventDispatcher(context, DispatcherSettings.defaults());
        apps[0] = dispatcher;
        JournalTools tools = JournalTools.of(context);
        life.provide(Tools.class, tools);
        McpHttp mcp = new McpHttp(journal, tools);
        life.provide(McpTokens.class, mcp.tokens());
        life.add(mcp);
        web[0] = new WebService(journal, options, dispatcher, client, life::health, context,
                List.of(new ServletMount(McpHttp.PATH + "/*", mcp.servlet())));

        BusServerService bus = new BusServerService(ServerConfig.of(socket).withStatsFile(busStats));
        life.add(bus);
        life.add(client);
        life.add(new JournalFeedService(journal, client));
        life.add(Service.of("apps", List.of("bus-client", "scheduler"), () -> {
            List<App> all = new ArrayList<>();
            all.add(new DevApp());
            all.addAll(webApps());
            all.addAll(ExternalApps.load(Engram.class.getClassLoader()));
            report(dispatcher.register(all));
            dispatcher.start();
        }, dispatcher::stop, dispatcher::health));
        life.add(web[0]);
        life.provide(Searcher.class, new Indexer(journal)); // after convey: never delays it; opens in the background
        life.start();
        warnIfExposed(options.host());
        return new Engram(journal, life, dispatcher, web[0], socket, bus);
    }

    public String url() {
        return web.url();
    }

    /** The journal every part of this Engram reads and writes (its change feed is the one on the bus). */
    public Journal journal() {
        return journal;
    }

    /** A service of this running Engram's registry (e.g. {@code McpTokens} for {@code engram bench mcp}). */
    public <T> Optional<T> service(Class<T> type) {
        return lifecycle.registry().find(type);
    }

    public Path socket() {
        return socket;
    }

    /** The app event dispatcher's counters (events, handler runs, failures, overflow per app lane). */
    public DispatchStats dispatchStats() {
        return dispatcher.stats();
    }

    /**
     * Why Engram cannot go on, when a service went down for good (today: the bus's I/O loop died), with the fix;
     * {@code engram start} checks it, stops the rest and exits 1.
     */
    public Optional<String> fatal() {
        return bus.fatal();
    }

    BusServerService busServer() {
        return bus;
    }

    /** Every service's health now. */
    public HealthReport health() {
        return lifecycle.health();
    }

    /** Stops the services in reverse start order (each one even when another fails; failures are logged). */
    @Override
    public void close() {
        LOG.info("Engram stopping");
        try {
            lifecycle.stop();
        } catch (RuntimeException e) {
            LOG.warn("Engram stopped with errors (see above)");
            return;
        }
        LOG.info("Engram stopped");
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

    /** Removes what a crash left in the journal's staging folder (unfinished segment writes) before anything starts. */
    private static void recover(Journal journal) {
        Recovery r = journal.recover();
        if (r.files() > 0) {
            LOG.warn("removed {} unfinished file(s) ({} bytes) left by an earlier run: {}", r.files(), r.bytes(),
                    r.removed());
        }
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
