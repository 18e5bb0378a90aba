package dev.engram.cortex.runs;

import static org.awaitility.Awaitility.await;

import dev.engram.app.AppContext;
import dev.engram.app.DispatcherSettings;
import dev.engram.app.EventDispatcher;
import dev.engram.app.ServiceRegistry;
import dev.engram.callosum.CallosumClient;
import dev.engram.callosum.CallosumServer;
import dev.engram.callosum.Message;
import dev.engram.callosum.ServerConfig;
import dev.engram.cortex.api.Agents;
import dev.engram.cortex.api.Providers;
import dev.engram.cortex.api.Tools;
import dev.engram.cortex.outbound.OutboundHttp;
import dev.engram.cortex.providers.ProviderService;
import dev.engram.cortex.tools.JournalTools;
import dev.engram.index.Indexer;
import dev.engram.journal.Day;
import dev.engram.journal.Journal;
import dev.engram.journal.JournalConfig;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.json.JsonMapper;
import dev.engram.testing.BulkJournal;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Cortex over the real bus: a journal, a Callosum server on a fresh socket, Engram's side (a client feeding an
 * {@link EventDispatcher} with {@link CortexApp}, and {@link Runs} emitting through that client), and a listener
 * client that records every {@code cortex.*} message as another process would see it.
 */
public final class CortexRig implements AutoCloseable {
    public final Journal journal;
    public final ServiceRegistry registry = new ServiceRegistry();
    public final Runs runs;
    public final List<Message> seen = new CopyOnWriteArrayList<>();
    private final Path sockets;
    private final CallosumServer server;
    private final CallosumClient engram;
    private final CallosumClient listener;
    private final EventDispatcher dispatcher;
    private final Indexer indexer;

    /**
     * With Engram's real cortex services: {@link ProviderService} behind the real outbound door, an
     * {@code openai-compatible} endpoint (model {@code gpt-test}) at {@code openAiBaseUrl} in config/journal.json (none
     * and an empty environment when null), and {@link JournalTools} over a real index of the journal, which holds one
     * insight on 2024-03-01: "Birthday dinner planned for Friday".
     */
    public CortexRig(Path dir, String openAiBaseUrl, int maxRunning) throws IOException {
        this(realJournal(dir, openAiBaseUrl), null, null, maxRunning);
    }

    public CortexRig(Path dir, Providers providers, Tools tools, int maxRunning) throws IOException {
        this(BulkJournal.create(dir.resolve("journal"), "Rig Owner"), providers, tools, maxRunning);
    }

    private static Journal realJournal(Path dir, String openAiBaseUrl) {
        Journal j = BulkJournal.create(dir.resolve("journal"), "Rig Owner");
        j.days().writeInsight(Day.of(2024, 3, 1), "flow", "Birthday dinner planned for Friday.\n");
        if (openAiBaseUrl != null) {
            j.updateConfig(c -> new JournalConfig(c.identity(), c.convey(), c.extra().with("providers",
                    JsonMapper.builder().build().readTree("{\"endpoints\":{\"local\":{\"type\":"
                            + "\"openai-compatible\",\"base_url\":\"" + openAiBaseUrl + "\",\"model\":"
                            + "\"gpt-test\"}}}"))));
        }
        return j;
    }

    private CortexRig(Journal journal, Providers providers, Tools tools, int maxRunning) throws IOException {
        this.journal = journal;
        if (providers == null && tools == null) {
            indexer = new Indexer(journal);
            indexer.start();
            await().atMost(Duration.ofSeconds(30)).until(indexer::caughtUp);
            providers = new ProviderService(journal, new OutboundHttp(journal), Map.of(), Clock.systemDefaultZone());
            tools = JournalTools.of(journal, () -> Optional.of(indexer), Clock.systemDefaultZone());
        } else {
            indexer = null;
        }
        sockets = Files.createTempDirectory(Path.of("/tmp"), "engcx");
        Path socket = sockets.resolve("bus.sock");
        server = CallosumServer.start(ServerConfig.of(socket));
        if (providers != null) {
            registry.register(Providers.class, providers);
        }
        if (tools != null) {
            registry.register(Tools.class, tools);
        }
        EventDispatcher[] d = new EventDispatcher[1];
        engram = CallosumClient.start(socket, m -> d[0].dispatch(m));
        AppContext context = AppContext.of(journal, engram, registry);
        runs = new Runs(context, maxRunning, Clock.systemDefaultZone());
        registry.register(Agents.class, runs);
        d[0] = new EventDispatcher(context, DispatcherSettings.defaults());
        d[0].register(List.of(new CortexApp(runs)));
        dispatcher = d[0];
        List<Message> probes = new CopyOnWriteArrayList<>();
        listener = CallosumClient.start(socket, m -> {
            if (m.tract().equals("cortex")) {
                seen.add(m);
            } else if (m.tract().equals("probe")) {
                probes.add(m);
            }
        });
        // both connections are registered by the server once a probe from Engram's side reaches the listener
        await().atMost(Duration.ofSeconds(10)).until(() -> engram.emit(Message.of("probe", "ping"))
                && !probes.isEmpty());
    }

    /** Starts what the lifecycle would: the runs service (stale files closed), then the dispatcher. */
    public CortexRig start() {
        runs.start();
        dispatcher.start();
        return this;
    }

    /** Sends a message as another process on the bus would. */
    public void send(Message m) {
        listener.emit(m);
    }

    public List<String> events(String agentId) {
        return seen.stream().filter(m -> m.json().has("agent_id")
                && m.json().get("agent_id").asString().equals(agentId)).map(Message::event).toList();
    }

    @Override
    public void close() throws IOException {
        runs.stop();
        dispatcher.stop();
        listener.close();
        engram.close();
        server.close();
        if (indexer != null) {
            indexer.stop();
        }
        try (var s = Files.list(sockets)) {
            for (Path p : s.toList()) {
                Files.deleteIfExists(p);
            }
        }
        Files.deleteIfExists(sockets);
    }
}
