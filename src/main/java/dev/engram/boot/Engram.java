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
import dev.engram.app.Supervisor;
import dev.engram.app.SupervisorApp;
import dev.engram.app.TaskScheduler;
import dev.engram.apps.agents.AgentsApp;
import dev.engram.apps.calendar.CalendarApp;
import dev.engram.apps.chat.ChatApp;
import dev.engram.apps.health.HealthApp;
import dev.engram.apps.home.HomeApp;
import dev.engram.apps.search.SearchApp;
import dev.engram.apps.stats.StatsApp;
import dev.engram.apps.todos.TodosApp;
import dev.engram.apps.entities.EntitiesApp;
import dev.engram.apps.tokens.TokensApp;
import dev.engram.apps.live.LiveApp;
import dev.engram.apps.imports.ImportsApp;
import dev.engram.observe.imports.Importer;
import dev.engram.observe.api.Imports;
import dev.engram.apps.observers.ObserverApp;
import dev.engram.apps.observers.ObserversApp;
import dev.engram.apps.observers.RemoteApp;
import dev.engram.apps.mcptokens.McpTokensApp;
import dev.engram.apps.settings.SettingsApp;
import dev.engram.apps.transcripts.TranscriptsApp;
import dev.engram.callosum.ServerConfig;
import dev.engram.callosum.SocketPaths;
import dev.engram.convey.ConveyApp;
import dev.engram.cortex.api.Outbound;
import dev.engram.cortex.api.Agents;
import dev.engram.cortex.runs.CortexApp;
import dev.engram.cortex.runs.Runs;
import dev.engram.cortex.api.Providers;
import dev.engram.cortex.outbound.OutboundHttp;
import dev.engram.cortex.providers.ProviderService;
import dev.engram.think.ThinkApp;
import dev.engram.think.ThinkService;
import dev.engram.convey.ServletMount;
import dev.engram.cortex.api.Tools;
import dev.engram.cortex.tools.JournalTools;
import dev.engram.index.Indexer;
import dev.engram.index.api.Searcher;
import dev.engram.observe.api.Ingest;
import dev.engram.observe.api.Observers;
import dev.engram.observe.ingest.IngestService;
import dev.engram.journal.Journal;
import dev.engram.journal.JournalException;
import dev.engram.journal.Recovery;
import dev.engram.observe.api.AudioTranscriber;
import dev.engram.observe.api.FrameReader;
import dev.engram.observe.api.MediaRepair;
import dev.engram.observe.sense.OcrFrameReader;
import dev.engram.observe.sense.OpenAiTranscriber;
import dev.engram.observe.sense.Sense;
import dev.engram.mcp.McpHttp;
import dev.engram.mcp.api.McpTokens;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
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
    /** Failed restarts in a row before the supervisor gives up on a service. */
    static final int RESTART_ATTEMPTS = 5;

    /** The built-in web apps, in one explicit list. */
    static List<ConveyApp> webApps() {
        return List.of(new HomeApp(), new TranscriptsApp(), new SettingsApp(), new LiveApp(), new ImportsApp(),
                new SearchApp(), new StatsApp(), new TokensApp(), new ChatApp(), new AgentsApp(), new ObserversApp(),
                new RemoteApp(), new ObserverApp(), new McpTokensApp(), new TodosApp(), new HealthApp(),
                new EntitiesApp(), new CalendarApp());
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

        // the one outbound door (health/providers.jsonl), the LLM providers behind it, and the think pipeline
        CortexServices cortex = CortexServices.build(journal, tools, options.env(), Clock.systemDefaultZone());
        OutboundHttp outbound = cortex.outbound();
        ProviderService providers = cortex.providers();
        ThinkService think = new ThinkService(journal, providers, Optional.of(scheduler),
                (event, fields) -> context.emit("think", event, fields), Clock.systemDefaultZone(),
                () -> context.findService(Agents.class))
                .repairingWith(() -> context.findService(MediaRepair.class));
        life.provide(Outbound.class, outbound);
        life.provide(Providers.class, providers);

        BusServerService bus = new BusServerService(ServerConfig.of(socket).withStatsFile(busStats));
        life.add(bus);
        life.add(client);
        life.add(new JournalFeedService(journal, client));
        Sense sense = sense(journal, life, client, outbound);
        Runs runs = new Runs(context); // agent runs; cortex.request on the bus reaches them through CortexApp
        life.provide(Agents.class, runs);
        Supervisor supervisor = supervisor(life, context);
        Indexer indexer = new Indexer(journal, scheduler); // its bus follower app hears other processes' writes
        life.add(Service.of("apps", List.of("bus-client", "scheduler", "sense"), () -> {
            List<App> all = new ArrayList<>();
            if (DevApp.wanted()) { // it only logs at DEBUG; off, it would see every event for nothing
                all.add(new DevApp());
            }
            all.add(sense.app());
            all.add(new CortexApp(runs));
            all.addAll(webApps());
            all.addAll(ExternalApps.load(Engram.class.getClassLoader()));
            all.add(new ThinkApp(think, Clock.systemDefaultZone()));
            all.add(new SupervisorApp(supervisor));
            all.add(indexer.busFollower());
            report(dispatcher.register(all));
            dispatcher.start();
        }, dispatcher::stop, dispatcher::health));
        IngestService ingest = new IngestService(journal, client);
        life.provide(Observers.class, ingest);
        life.provide(Ingest.class, ingest);
        // observers' keys open only the ingest routes (Access.KEY, checked there), never an Access.BEARER route
        // after the apps: sense hears the segments a crash left unsensed, announced again at start
        life.add(Service.of("ingest", List.of("apps"), ingest::announceUnobserved, ingest::flush,
                () -> ingest.emitFailures() == 0 ? dev.engram.app.Health.up()
                        : dev.engram.app.Health.degraded(ingest.emitFailures() + " observe events could not be sent"
                        + " to the bus")));
        life.add(web[0]);
        life.provide(Searcher.class, indexer); // after convey: never delays it; opens in the background
        Importer importer = Importer.withMedia(journal, client, life.registry().service(AudioTranscriber.class));
        life.provide(Imports.class, importer); // the Imports app finds it; audio/video go through the transcriber
        life.add(Service.of("importer", List.of(), () -> { }, importer::close, dev.engram.app.Health::up));
        life.add(think);
        life.add(supervisor); // added last: starts after everything it watches, stops first
        life.start();
        warnIfExposed(options.host());
        return new Engram(journal, life, dispatcher, web[0], socket, bus);
    }

    /**
     * The supervisor: restarts a service whose health turns down (backoff 0, 1, 5 s; gives up after
     * {@link #RESTART_ATTEMPTS}), sends {@code supervisor.status}, and tells when an observer goes stale or comes
     * back. Not restarted: the bus server (its death is fatal: engram exits 1) and the index (down while it opens;
     * it reports its own failures).
     */
    private static Supervisor supervisor(Lifecycle life, AppContext context) {
        return new Supervisor(life, context, Clock.systemUTC(), RESTART_ATTEMPTS, Set.of("callosum", "index"),
                () -> {
                    Map<String, Long> seen = new LinkedHashMap<>();
                    life.registry().find(Observers.class).ifPresent(o -> o.list().stream()
                            .filter(dev.engram.observe.api.Observer::active)
                            .forEach(x -> seen.put(x.name(), x.lastSeen())));
                    return seen;
                });
    }

    /**
     * The sense pipeline (observe.observing → extracts → observe.observed) and its transcriber and frame reader,
     * registered for the importer; transcription goes through the one outbound door.
     */
    private static Sense sense(Journal journal, Lifecycle life, BusClientService client, Outbound outbound) {
        AudioTranscriber transcriber = OpenAiTranscriber.forJournal(journal, outbound);
        FrameReader frames = OcrFrameReader.forJournal(journal);
        life.provide(AudioTranscriber.class, transcriber);
        life.provide(FrameReader.class, frames);
        Sense sense = Sense.forJournal(journal, client, transcriber, frames);
        life.add(sense);
        life.registry().register(MediaRepair.class, sense); // the daily run's first step (think)
        return sense;
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
