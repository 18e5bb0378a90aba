package dev.engram.apps.chat;

import dev.engram.app.AppContext;
import dev.engram.app.ServiceRegistry;
import dev.engram.apps.agents.AgentsApp;
import dev.engram.apps.transcripts.TranscriptsApp;
import dev.engram.callosum.Emitter;
import dev.engram.convey.Convey;
import dev.engram.convey.TestPasswords;
import dev.engram.cortex.api.Agents;
import dev.engram.cortex.api.Providers;
import dev.engram.cortex.api.Tools;
import dev.engram.cortex.runs.Runs;
import dev.engram.journal.Journal;
import dev.engram.mcp.McpHttp;
import dev.engram.mcp.api.McpTokens;
import dev.engram.journal.JournalConfig;
import dev.engram.cortex.outbound.OutboundHttp;
import dev.engram.cortex.providers.ProviderService;
import dev.engram.cortex.tools.JournalTools;
import java.util.Map;
import java.time.Duration;
import dev.engram.index.Indexer;
import dev.engram.journal.Day;
import static org.awaitility.Awaitility.await;
import java.util.Optional;
import java.util.function.Function;
import tools.jackson.databind.json.JsonMapper;
import dev.engram.testing.BulkJournal;
import dev.engram.testing.HttpSession;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

/**
 * A real Convey with the chat, agents and transcripts apps over a temporary journal, with real agent runs
 * ({@link Runs}) using the given providers and tools through the registry. Password: {@link #PASSWORD}.
 */
public final class ChatAgentsServer implements AutoCloseable {
    public static final String PASSWORD = "apps test password";
    public final Journal journal;
    public final Runs runs;
    public final Convey convey;
    public final String url;
    private final McpHttp mcp;
    private final Indexer indexer;

    /**
     * Engram's real cortex services: {@link ProviderService} behind the real outbound door, with an
     * {@code openai-compatible} endpoint at {@code openAiBaseUrl} in config/journal.json (none configured and an empty
     * environment when null), and the real {@link JournalTools} (no search index: search_journal answers so).
     */
    public static ChatAgentsServer real(Path dir, String openAiBaseUrl, int maxRunning) {
        return real(BulkJournal.create(dir, "Chat Owner"), openAiBaseUrl, maxRunning, null);
    }

    /**
     * As {@link #real(Path, String, int)}, with {@code search_journal} over a real index of the journal, which holds
     * one insight on 2024-03-01: "Birthday dinner planned for Friday".
     */
    public static ChatAgentsServer indexed(Path dir, String openAiBaseUrl, int maxRunning) {
        Journal journal = BulkJournal.create(dir, "Chat Owner");
        journal.days().writeInsight(Day.of(2024, 3, 1), "flow", "Birthday dinner planned for Friday.\n");
        Indexer indexer = new Indexer(journal);
        indexer.start();
        await().atMost(Duration.ofSeconds(30)).until(indexer::caughtUp);
        return real(journal, openAiBaseUrl, maxRunning, indexer);
    }

    /**
     * A {@code providers} object with two OpenAI-compatible endpoints: {@code alpha} (model {@code alpha-model}, a key
     * that must never be shown: {@code sk-never-shown-1234}), the default route, and {@code beta} ({@code beta-model}).
     */
    public static String twoEndpoints(String alphaUrl, String betaUrl) {
        return "{\"endpoints\":{"
                + "\"alpha\":{\"type\":\"openai-compatible\",\"base_url\":\"" + alphaUrl
                + "\",\"model\":\"alpha-model\",\"api_key\":\"sk-never-shown-1234\"},"
                + "\"beta\":{\"type\":\"openai-compatible\",\"base_url\":\"" + betaUrl
                + "\",\"model\":\"beta-model\"}}}";
    }

    /** As {@link #real(Path, String, int)}, with this {@code providers} object (JSON) in config/journal.json. */
    public static ChatAgentsServer withProviders(Path dir, String providersJson, int maxRunning) {
        Journal journal = BulkJournal.create(dir, "Chat Owner");
        journal.updateConfig(c -> new JournalConfig(c.identity(), c.convey(), c.extra().with("providers",
                JsonMapper.builder().build().readTree(providersJson))));
        return real(journal, null, maxRunning, null);
    }

    private static ChatAgentsServer real(Journal journal, String openAiBaseUrl, int maxRunning, Indexer indexer) {
        if (openAiBaseUrl != null) {
            journal.updateConfig(c -> new JournalConfig(c.identity(), c.convey(), c.extra().with("providers",
                    JsonMapper.builder().build().readTree("{\"endpoints\":{\"local\":{\"type\":"
                            + "\"openai-compatible\",\"base_url\":\"" + openAiBaseUrl + "\",\"model\":"
                            + "\"gpt-test\"}}}"))));
        }
        return new ChatAgentsServer(journal, j -> new ProviderService(j, new OutboundHttp(j), Map.of(),
                Clock.systemDefaultZone()), JournalTools.of(journal, () -> Optional.ofNullable(indexer),
                Clock.systemDefaultZone()), maxRunning, indexer);
    }

    private ChatAgentsServer(Journal journal, Function<Journal, Providers> providersOf, Tools tools, int maxRunning,
                             Indexer indexer) {
        this.journal = journal;
        this.indexer = indexer;
        Providers providers = providersOf.apply(journal);
        ServiceRegistry registry = new ServiceRegistry();
        mcp = tools == null ? null : new McpHttp(journal, tools);
        if (mcp != null) {
            mcp.start();
            registry.register(McpTokens.class, mcp.tokens());
        }
        TestPasswords.store(journal, TestPasswords.APPS_TEST);
        journal.updateConfig(c -> c.withConvey(c.convey().withTrustLocalhost(false)));
        if (providers != null) {
            registry.register(Providers.class, providers);
        }
        if (tools != null) {
            registry.register(Tools.class, tools);
        }
        AppContext context = AppContext.of(journal, Emitter.none(), registry);
        runs = new Runs(context, maxRunning, Clock.systemDefaultZone());
        registry.register(Agents.class, runs);
        runs.start();
        convey = Convey.builder(journal).host("127.0.0.1").port(0).context(context)
                .apps(List.of(new ChatApp(), new AgentsApp(), new TranscriptsApp())).build();
        url = convey.start();
    }

    public HttpSession client() {
        return new HttpSession(url).login(PASSWORD);
    }

    @Override
    public void close() {
        convey.stop();
        runs.stop();
        if (mcp != null) {
            mcp.stop();
        }
        if (indexer != null) {
            indexer.stop();
        }
    }
}
