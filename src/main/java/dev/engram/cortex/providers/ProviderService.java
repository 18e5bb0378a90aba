package dev.engram.cortex.providers;

import dev.engram.app.Health;
import dev.engram.app.Service;
import dev.engram.cortex.api.ModelUse;
import dev.engram.cortex.api.Outbound;
import dev.engram.cortex.api.ProviderInfo;
import dev.engram.cortex.api.Providers;
import dev.engram.journal.Journal;
import dev.engram.journal.JournalException;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * {@link Providers} from {@code config/journal.json}'s {@code providers} (read at each request, so a change applies to
 * the next call) or, when it names no endpoint, from the environment ({@code OPENAI_API_KEY} with
 * {@code OPENAI_BASE_URL}, {@code ANTHROPIC_API_KEY}, {@code GEMINI_API_KEY}/{@code GOOGLE_API_KEY},
 * {@code OLLAMA_HOST}). Models it hands out call through {@link Outbound} and record tokens in {@code tokens/}.
 * A configuration problem is logged once per distinct text and shown in health and {@link #howToConfigure()}.
 */
public final class ProviderService implements Providers, Service {
    private static final Logger LOG = LoggerFactory.getLogger(ProviderService.class);

    private final Journal journal;
    private final Map<String, String> env;
    private final Clock clock;
    private final ModelFactory factory;
    private final AtomicLong tokenFailures = new AtomicLong();
    private final AtomicLong handedOut = new AtomicLong();
    /** How long the in-memory warm-up took (0: not run, -1: failed). */
    private final AtomicLong warmedUpMs = new AtomicLong();
    private final Set<String> told = ConcurrentHashMap.newKeySet();

    /**
     * @param env the environment to detect providers from ({@code System.getenv()} in Engram; a map in tests)
     */
    public ProviderService(Journal journal, Outbound outbound, Map<String, String> env, Clock clock) {
        this.journal = journal;
        this.env = Map.copyOf(env);
        this.clock = clock;
        this.factory = new ModelFactory(outbound);
        this.configFile = journal.root().resolve("config").resolve("journal.json");
    }

    private final java.nio.file.Path configFile;

    @Override
    public Optional<ChatModel> chat(ModelUse use) {
        ProviderConfig cfg = config();
        return route(cfg, use).map(r -> factory.chat(r, use, cfg, tokens(r, use)));
    }

    @Override
    public Optional<StreamingChatModel> streaming(ModelUse use) {
        ProviderConfig cfg = config();
        return route(cfg, use).map(r -> factory.streaming(r, use, cfg, tokens(r, use), null));
    }

    @Override
    public Optional<StreamingChatModel> streaming(ModelUse use, CompletionStage<?> stop) {
        ProviderConfig cfg = config();
        return route(cfg, use).map(r -> factory.streaming(r, use, cfg, tokens(r, use), stop));
    }

    @Override
    public List<ProviderInfo> endpoints() {
        List<ProviderInfo> out = new ArrayList<>();
        for (Endpoint e : config().endpoints().values()) {
            out.add(new ProviderInfo(e.name(), e.kind().id, e.model().or(() -> e.kind().defaultModel("default"))
                    .orElse("")));
        }
        return List.copyOf(out);
    }

    @Override
    public Optional<ChatModel> chat(ModelUse use, String endpoint, Optional<String> model) {
        ProviderConfig cfg = config();
        return named(cfg, use, endpoint, model).map(r -> factory.chat(r, use, cfg, tokens(r, use)));
    }

    @Override
    public Optional<StreamingChatModel> streaming(ModelUse use, String endpoint, Optional<String> model,
                                                  CompletionStage<?> stop) {
        ProviderConfig cfg = config();
        return named(cfg, use, endpoint, model).map(r -> factory.streaming(r, use, cfg, tokens(r, use), stop));
    }

    @Override
    public boolean configured() {
        return !config().endpoints().isEmpty();
    }

    @Override
    public String howToConfigure() {
        ProviderConfig cfg = config();
        String problems = cfg.problems().isEmpty() ? "" : " Problems: " + String.join("; ", cfg.problems()) + ".";
        if (cfg.endpoints().isEmpty()) {
            return "No LLM provider is configured, so nothing leaves this machine: " + ProviderConfig.HOW + "."
                    + problems;
        }
        return "LLM providers: " + String.join(", ", cfg.endpoints().keySet()) + (cfg.fromEnvironment()
                ? " (from the environment)" : " (config/journal.json)") + "; change them under \"providers\" in"
                + " config/journal.json (see docs/cortex.md, Providers)." + problems;
    }

    /** One line per provider and tier for {@code engram providers}: names, URLs, models, key sources; never a key. */
    public List<String> describe() {
        ProviderConfig cfg = config();
        List<String> out = new ArrayList<>();
        if (cfg.endpoints().isEmpty()) {
            out.add(howToConfigure());
            return out;
        }
        for (Endpoint e : cfg.endpoints().values()) {
            out.add(e.name() + "\t" + e.kind().id + "\t" + e.baseUrl() + "\tkey: " + (e.key().isPresent()
                    ? e.keySource() : "none") + e.model().map(m -> "\tmodel: " + m).orElse(""));
        }
        for (String tier : List.of("fast", "default", "strong")) {
            route(cfg, new ModelUse(tier, "describe", "describe")).ifPresent(r -> out.add("tier " + tier + " -> "
                    + r.endpoint().name() + " " + r.model()));
        }
        cfg.problems().forEach(p -> out.add("problem: " + p));
        return out;
    }

    private Optional<Route> route(ProviderConfig cfg, ModelUse use) {
        Optional<Route> r = cfg.route(use);
        if (r.isEmpty()) {
            tellOnce(cfg.whyNoRoute(use));
        } else {
            handedOut.incrementAndGet();
        }
        return r;
    }

    private Optional<Route> named(ProviderConfig cfg, ModelUse use, String endpoint, Optional<String> model) {
        Optional<Route> r = cfg.route(use, endpoint, model);
        if (r.isPresent()) {
            handedOut.incrementAndGet();
        }
        return r;
    }

    private TokenLog tokens(Route r, ModelUse use) {
        return new TokenLog(journal, clock, r, use.context(), tokenFailures);
    }

    /**
     * The configuration, parsed again only when {@code config/journal.json} changed: its stamp (file key, modified
     * time, size; none while the file was modified less than {@link #SETTLED_MS} ago) is compared at each call, one {@code stat} instead of reading and parsing the file for every model
     * handed out (a chat message asked for it twice). An edit by hand is seen at the next call as before.
     */
    ProviderConfig config() {
        Object stamp = stamp();
        Cached c = cached;
        if (c != null && stamp != null && stamp.equals(c.stamp())) {
            return c.config();
        }
        ProviderConfig cfg = read();
        cached = stamp == null ? null : new Cached(stamp, cfg);
        return cfg;
    }

    /** How old a file's modification must be for its stamp to identify its content. */
    static final long SETTLED_MS = 2_000;

    private record Cached(Object stamp, ProviderConfig config) {
    }

    private volatile Cached cached;

    /** What identifies this version of {@code config/journal.json}; null when it cannot be read (then: no cache). */
    private Object stamp() {
        try {
            java.nio.file.attribute.BasicFileAttributes a = java.nio.file.Files.readAttributes(configFile,
                    java.nio.file.attribute.BasicFileAttributes.class);
            // a file changed in the last seconds could change again within the file system's time granularity
            // without a new stamp ("racily clean"): read it each time until it has settled
            if (System.currentTimeMillis() - a.lastModifiedTime().toMillis() < SETTLED_MS) {
                return null;
            }
            return List.of(String.valueOf(a.fileKey()), a.lastModifiedTime(), a.size(), a.creationTime());
        } catch (java.nio.file.NoSuchFileException e) {
            return "absent";
        } catch (java.io.IOException | RuntimeException e) {
            return null;
        }
    }

    private ProviderConfig read() {
        Optional<JsonNode> node;
        List<String> readProblem = List.of();
        try {
            node = journal.config().extra().get("providers");
        } catch (JournalException e) {
            node = Optional.empty();
            readProblem = List.of("config/journal.json cannot be read: " + e.getMessage());
        }
        ProviderConfig cfg = ProviderConfig.parse(node, env);
        if (!readProblem.isEmpty()) {
            List<String> all = new ArrayList<>(readProblem);
            all.addAll(cfg.problems());
            cfg = new ProviderConfig(cfg.endpoints(), cfg.tiers(), cfg.tasks(), cfg.timeout(), cfg.maxRetries(),
                    cfg.retryBase(), cfg.fromEnvironment(), List.copyOf(all));
        }
        cfg.problems().forEach(this::tellOnce);
        return cfg;
    }

    private void tellOnce(String message) {
        if (told.add(message)) {
            LOG.warn("providers: {}", message);
        }
    }

    @Override
    public String name() {
        return "providers";
    }

    @Override
    public void start() {
        ProviderConfig cfg = config();
        if (cfg.endpoints().isEmpty()) {
            LOG.info("no LLM provider configured: nothing leaves this machine ({})", ProviderConfig.HOW);
        } else {
            LOG.info("LLM providers: {}", cfg.endpoints().values());
            if (cfg.endpoints().values().stream().anyMatch(e -> e.kind() == ProviderKind.OPENAI
                    || e.kind() == ProviderKind.OPENAI_COMPATIBLE)) {
                Thread.ofVirtual().name("providers-warmup").start(this::warmUp);
            }
        }
    }

    /** The first chat message should not pay for loading LangChain4j's OpenAI client: done now, in memory. */
    private void warmUp() {
        long t0 = System.nanoTime();
        try {
            boolean done = Warmup.openAi();
            warmedUpMs.set(done ? Math.max(1, (System.nanoTime() - t0) / 1_000_000) : -1);
            LOG.debug("the OpenAI client is warmed up ({} ms, in memory)", (System.nanoTime() - t0) / 1_000_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            warmedUpMs.set(-1);
            LOG.warn("the in-memory warm-up of the OpenAI client failed (the first call will be slower): {}",
                    e.toString());
        }
    }

    @Override
    public void stop() {
        // models are built per use; nothing is held open
    }

    @Override
    public Health health() {
        Map<String, Object> facts = Map.of("models_handed_out", handedOut.get(),
                "token_log_failures", tokenFailures.get(), "problems", told.size(), "warmed_up_ms", warmedUpMs.get());
        if (tokenFailures.get() > 0) {
            return Health.degraded(tokenFailures.get() + " token usage line(s) could not be written").withFacts(facts);
        }
        return (told.isEmpty() ? Health.up() : Health.degraded("configuration problems: see the log"))
                .withFacts(facts);
    }
}
