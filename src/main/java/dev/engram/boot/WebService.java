package dev.engram.boot;

import dev.engram.app.AppContext;
import dev.engram.app.EventDispatcher;
import dev.engram.app.Health;
import dev.engram.app.HealthReport;
import dev.engram.app.Service;
import dev.engram.callosum.Emitter;
import dev.engram.callosum.Message;
import dev.engram.convey.BearerVerifier;
import dev.engram.convey.Convey;
import dev.engram.convey.ServletMount;
import dev.engram.convey.ConveyApp;
import dev.engram.journal.Journal;
import java.util.List;
import java.util.function.Supplier;

/**
 * Convey as the {@code convey} service: built at start with the web apps the {@code apps} service started (built-in
 * and ServiceLoader ones alike), so every app gets its routes with the one shared {@link AppContext}; Convey does not
 * start them again. Bearer-token routes ask the registry for a {@link BearerVerifier} at each request (a service that
 * issues API keys registers one; until then such routes answer 401 {@code bearer_unavailable}).
 */
final class WebService implements Service {
    private final Journal journal;
    private final EngramOptions options;
    private final EventDispatcher apps;
    private final Emitter emitter;
    private final Supplier<HealthReport> health;
    private final AppContext context;
    private final List<ServletMount> servlets;
    private volatile Convey convey;

    WebService(Journal journal, EngramOptions options, EventDispatcher apps, Emitter emitter,
               Supplier<HealthReport> health, AppContext context) {
        this(journal, options, apps, emitter, health, context, List.of());
    }

    /** With servlets other services serve on Convey's port (the MCP endpoint). */
    WebService(Journal journal, EngramOptions options, EventDispatcher apps, Emitter emitter,
               Supplier<HealthReport> health, AppContext context, List<ServletMount> servlets) {
        this.servlets = List.copyOf(servlets);
        this.journal = journal;
        this.context = context;
        this.options = options;
        this.apps = apps;
        this.emitter = emitter;
        this.health = health;
    }

    @Override
    public String name() {
        return "convey";
    }

    @Override
    public List<String> dependsOn() {
        return List.of("apps");
    }

    @Override
    public void start() {
        List<ConveyApp> web = apps.registeredApps().stream().filter(ConveyApp.class::isInstance)
                .map(ConveyApp.class::cast).toList();
        Convey c = Convey.builder(journal).host(options.host()).port(options.port()).apps(web).emitter(emitter)
                .health(health).context(context)
                .bearer(() -> context.findService(BearerVerifier.class)).servlets(servlets).build();
        c.start();
        convey = c;
    }

    @Override
    public void stop() {
        Convey c = convey;
        if (c != null) {
            c.stop();
        }
    }

    /** Sends a bus message to the browsers; nothing before start. */
    void publish(Message m) {
        Convey c = convey;
        if (c != null) {
            c.publish(m);
        }
    }

    String url() {
        Convey c = convey;
        return c == null ? "" : c.url();
    }

    @Override
    public Health health() {
        Convey c = convey;
        if (c == null) {
            return Health.down("not started");
        }
        java.util.Map<String, Object> facts = new java.util.LinkedHashMap<>();
        facts.put("url", c.url()); // where 'engram observer create' points observers when given no --url
        facts.put("browsers", c.liveClients());
        facts.put("browsers_dropped", c.droppedLiveClients());
        return Health.up("serving " + c.url()).withFacts(facts);
    }
}
