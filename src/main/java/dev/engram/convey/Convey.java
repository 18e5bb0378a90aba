package dev.engram.convey;

import dev.engram.app.AppContext;
import dev.engram.app.HealthReport;
import dev.engram.callosum.Emitter;
import dev.engram.callosum.Message;
import dev.engram.journal.Journal;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.staticfiles.Location;
import io.javalin.json.JavalinJackson3;
import java.net.BindException;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The web UI server. Build with {@link #builder(Journal)}, then {@link #start()} (returns the URL),
 * {@link #publish(Message)} for every bus message, {@link #emit} to send to the bus, and {@link #stop()}.
 */
public final class Convey {
    /** Cookie holding the CSRF token (SameSite=Strict, readable by scripts). */
    public static final String CSRF_COOKIE = "engram_csrf";
    /** Header that must echo the CSRF token on POST/PUT/PATCH/DELETE ... */
    public static final String CSRF_HEADER = "X-CSRF-Token";
    /** ... or this form field. */
    public static final String CSRF_FIELD = "_csrf";
    /** HttpOnly session cookie set at login. */
    public static final String SESSION_COOKIE = "engram_session";
    private static final Logger LOG = LoggerFactory.getLogger(Convey.class);
    private static final Pattern APP_NAME = Pattern.compile("[a-z][a-z0-9_]*");
    private final Journal journal;
    private final String host;
    private final int port;
    private final List<ConveyApp> apps;
    private final Emitter emitter;
    private final Supplier<HealthReport> health;
    private final AppContext context;
    private final Supplier<Optional<BearerVerifier>> bearer;
    private final Duration heartbeat;
    private final List<ServletMount> servlets;
    private final LiveEvents live;
    private final Templates templates = new Templates();
    private final Sessions sessions = new Sessions(1000, Clock.systemUTC());
    private final LoginLimiter limiter = new LoginLimiter(5, Duration.ofMinutes(5), Duration.ofSeconds(30), 10_000, Clock.systemUTC());
    private Javalin server;
    private String url = "";
    private volatile List<ConveyApp> served = List.of(); // the apps whose routes were registered

    private Convey(Builder b) {
        this.journal = b.journal;
        this.host = b.host;
        this.port = b.port;
        this.apps = List.copyOf(b.apps);
        this.emitter = b.emitter;
        this.health = b.health;
        this.context = b.context != null ? b.context : AppContext.of(b.journal, b.emitter);
        this.bearer = b.bearer;
        this.heartbeat = b.heartbeat;
        this.servlets = List.copyOf(b.servlets);
        this.live = new LiveEvents(b.queueSize, b.heartbeat);
        Set<String> names = new HashSet<>();
        for (ConveyApp a : apps) {
            if (!APP_NAME.matcher(a.name()).matches()) {
                throw new ConveyException("invalid app name '" + a.name() + "': use lowercase letters, digits and '_'");
            }
            if (!names.add(a.name())) {
                throw new ConveyException("two apps are named '" + a.name() + "'");
            }
        }
    }

    public static Builder builder(Journal journal) {
        return new Builder(journal);
    }

    /**
     * Registers the apps' routes and starts the server; returns the bound URL, e.g. {@code http://127.0.0.1:5015}.
     * The apps themselves are started (and stopped) by their lifecycle owner, not by Convey.
     */
    public synchronized String start() {
        if (server != null) {
            return url;
        }
        for (ConveyApp a : apps) {
            if (!templates.exists(a.workspaceTemplate())) {
                LOG.warn("app {} has no workspace template {}: its page will fail", a.name(), a.workspaceTemplate());
            }
        }
        Javalin app = Javalin.create(this::configure);
        try {
            app.start(host, port);
        } catch (RuntimeException e) {
            app.stop();
            if (hasCause(e, BindException.class) || e.getClass().getSimpleName().equals("JavalinBindException")) {
                throw new ConveyException("port " + port + " is in use: stop the other process or pass --port", e);
            }
            throw new ConveyException("Convey could not start on " + host + ":" + port + ": " + e.getMessage(), e);
        }
        server = app;
        String shownHost = host.contains(":") ? "[" + host + "]" : host;
        url = "http://" + shownHost + ":" + app.port();
        LOG.info("Convey serving {} apps at {}", served.size(), url);
        return url;
    }

    /** The bound URL, or empty text before {@link #start()}. */
    public synchronized String url() {
        return url;
    }

    /** Sends a bus message to every connected browser; never blocks. */
    public void publish(Message message) {
        live.publish(message);
    }

    /** Sends a message to the bus; false when there is no bus or it could not take the message. */
    public boolean emit(String tract, String event, Map<String, ?> fields) {
        try {
            return emitter.emit(Message.of(tract, event, fields));
        } catch (RuntimeException e) {
            LOG.warn("emit {}.{} failed: {}", tract, event, e.toString());
            return false;
        }
    }

    /** Closes the browser streams and stops the server (not the apps). Idempotent. */
    public synchronized void stop() {
        live.close();
        if (server != null) {
            server.stop();
            server = null;
        }
    }

    /** The client name a {@link BearerVerifier} gave the request's token, on {@link Access#BEARER} routes. */
    public static Optional<String> caller(io.javalin.http.Context ctx) {
        return Optional.ofNullable(ctx.attribute(Guard.CALLER_ATTR));
    }

    /**
     * Which of the route's declared {@link Access} values admitted the request (e.g. {@link Access#LOOPBACK} or
     * {@link Access#SESSION} on a route declaring both); empty on {@link Access#PUBLIC} routes.
     */
    public static Optional<Access> admittedBy(io.javalin.http.Context ctx) {
        return Optional.ofNullable(ctx.attribute(Guard.ADMITTED_ATTR));
    }

    /** Every HTTP route registered (Convey's and the apps'), as {@code "METHOD /path"}, e.g. for security tests. */
    public synchronized List<String> routes() {
        if (server == null) {
            return List.of();
        }
        return server.unsafe.internalRouter.allHttpHandlers().stream()
                .map(p -> p.endpoint.method.name() + " " + p.endpoint.path).toList();
    }

    /** Browsers currently connected to the live stream. */
    public int liveClients() {
        return live.connected();
    }

    /** Browsers dropped because their event queue overflowed. */
    public long droppedLiveClients() {
        return live.dropped();
    }

    private void configure(JavalinConfig c) {
        c.jsonMapper(new JavalinJackson3());
        c.startup.showJavalinBanner = false;
        c.staticFiles.add(sf -> {
            sf.hostedPath = "/static";
            sf.directory = "/static";
            sf.location = Location.CLASSPATH;
            sf.roles = Set.of(Access.PUBLIC);
        });
        // WebJars on the classpath (uPlot for the charts), e.g. /webjars/uplot/1.6.30/dist/uPlot.iife.min.js: no CDN
        c.staticFiles.add(sf -> {
            sf.hostedPath = "/webjars";
            sf.directory = "/META-INF/resources/webjars";
            sf.location = Location.CLASSPATH;
            sf.roles = Set.of(Access.PUBLIC);
        });
        ConfigCache config = new ConfigCache(journal);
        Guard guard = new Guard(config, sessions, bearer);
        c.routes.before(guard::before);
        c.routes.beforeMatched(guard::beforeMatched);
        new Errors(templates).register(c.routes);
        new AuthRoutes(journal, config, sessions, limiter, templates).register(c.routes);
        List<ConveyApp> apps = registerAppRoutes(c.routes);
        served = apps;
        new ConfigRoutes(journal, apps).register(c.routes);
        c.routes.sse("/sse/events", live::connect, Access.SESSION);
        c.routes.get("/health", new HealthRoute(health)::handle, Access.LOOPBACK, Access.SESSION);
        Shell shell = new Shell(journal, apps, templates);
        c.routes.get("/api/facets", shell::facets);
        for (ConveyApp a : apps) {
            c.routes.get("/app/" + a.name(), ctx -> shell.render(ctx, a, Optional.empty()));
            if (a.info().dateNav()) {
                c.routes.get("/app/" + a.name() + "/{day}", ctx -> shell.render(ctx, a, Optional.of(ctx.pathParam("day"))));
            }
        }
        c.routes.get("/", ctx -> ctx.redirect(home()));
        c.routes.get("/favicon.ico", ctx -> ctx.status(204), Access.PUBLIC);
        if (!servlets.isEmpty()) {
            c.jetty.modifyServletContextHandler(h -> servlets.forEach(m -> {
                var holder = new org.eclipse.jetty.ee10.servlet.ServletHolder(m.servlet());
                holder.setAsyncSupported(true); // streamable HTTP answers over SSE
                h.addServlet(holder, m.pathSpec());
            }));
        }
    }

    /**
     * Each app's routes, collected first and added only when its {@code routes} returned and no route clashes with
     * one already taken: a bad app (its {@code routes} throws, or declares a route twice or another's) is dropped
     * whole, logged with its class and the fix, and gets no menu entry; the others are served.
     */
    private List<ConveyApp> registerAppRoutes(io.javalin.router.JavalinDefaultRoutingApi routes) {
        Set<String> taken = new HashSet<>();
        List<ConveyApp> ok = new java.util.ArrayList<>();
        for (ConveyApp a : apps) {
            StagedRoutes staged = new StagedRoutes();
            try {
                a.routes(new AppRoutes(a.name(), staged, context, heartbeat));
                Set<String> mine = new HashSet<>();
                mine.add("GET /app/" + a.name()); // the shell's page routes
                if (a.info().dateNav()) {
                    mine.add("GET /app/" + a.name() + "/{day}");
                }
                for (io.javalin.router.Endpoint e : staged.endpoints) {
                    String key = e.method + " " + e.path;
                    if (!mine.add(key) || taken.contains(key)) {
                        throw new ConveyException("the route " + key + " is declared twice");
                    }
                }
                taken.addAll(mine);
            } catch (RuntimeException | LinkageError e) {
                LOG.error("app {} ({}) is not served, its menu entry is left out: its routes failed: {}; fix {}#routes"
                        + " (each route once, under its own /app/{}/)", a.name(), a.getClass().getName(), e,
                        a.getClass().getSimpleName(), a.name());
                continue;
            }
            staged.endpoints.forEach(routes::addEndpoint);
            ok.add(a);
        }
        return List.copyOf(ok);
    }

    private String home() {
        List<ConveyApp> apps = served;
        Optional<ConveyApp> home = apps.stream().filter(a -> a.name().equals("home")).findFirst();
        return home.or(() -> apps.stream().findFirst()).map(a -> "/app/" + a.name() + "/").orElse("/app/");
    }

    private static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    /** Settings for a {@link Convey}; defaults: 127.0.0.1:5015, no apps, no bus, heartbeat 20 s, queue 256. */
    public static final class Builder {
        private final Journal journal;
        private String host = "127.0.0.1";
        private int port = 5015;
        private List<ConveyApp> apps = List.of();
        private Emitter emitter = Emitter.none();
        private Duration heartbeat = Duration.ofSeconds(20);
        private int queueSize = 256;
        private Supplier<HealthReport> health =
                () -> new HealthReport(System.currentTimeMillis(), Map.of());
        private AppContext context;
        private Supplier<Optional<BearerVerifier>> bearer = Optional::empty;
        private List<ServletMount> servlets = List.of();

        private Builder(Journal journal) {
            this.journal = java.util.Objects.requireNonNull(journal, "journal");
        }

        public Builder host(String h) {
            this.host = h;
            return this;
        }

        /** 0 picks a free port (tests). */
        public Builder port(int p) {
            this.port = p;
            return this;
        }

        public Builder apps(List<? extends ConveyApp> list) {
            this.apps = List.copyOf(list);
            return this;
        }

        /** Sends a message to the bus, returning false when it could not. */
        public Builder emitter(Emitter send) {
            this.emitter = java.util.Objects.requireNonNull(send, "emitter");
            return this;
        }

        public Builder heartbeat(Duration every) {
            this.heartbeat = every;
            return this;
        }

        public Builder liveQueueSize(int size) {
            this.queueSize = size;
            return this;
        }

        /**
         * The context the apps share, returned by {@link AppRoutes#context()} (default: this journal and emitter).
         * Convey does not start the apps: their lifecycle owner does, with this same context.
         */
        public Builder context(AppContext ctx) {
            this.context = java.util.Objects.requireNonNull(ctx, "context");
            return this;
        }

        /**
         * Where {@link Access#BEARER} routes find the token verifier, asked on every such request (so a service may
         * register one later); default: none, and bearer routes answer 401 {@code bearer_unavailable}.
         */
        public Builder bearer(Supplier<Optional<BearerVerifier>> lookup) {
            this.bearer = java.util.Objects.requireNonNull(lookup, "bearer");
            return this;
        }

        /** What {@code GET /health} reports (default: no services, up). */
        public Builder health(Supplier<HealthReport> report) {
            this.health = java.util.Objects.requireNonNull(report, "health");
            return this;
        }

        /** Servlets served beside Convey's routes on its port (see {@link ServletMount}); default none. */
        public Builder servlets(List<ServletMount> mounts) {
            this.servlets = List.copyOf(mounts);
            return this;
        }

        public Convey build() {
            return new Convey(this);
        }
    }
}
