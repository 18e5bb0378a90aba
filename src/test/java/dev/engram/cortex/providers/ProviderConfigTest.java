package dev.engram.cortex.providers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.engram.cortex.api.ModelUse;
import dev.engram.cortex.api.ProviderException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.slf4j.LoggerFactory;

/** Configuration from config/journal.json and the environment; nothing configured means nothing leaves. */
class ProviderConfigTest {
    static final ModelUse CHAT = new ModelUse("default", "chat", "agent.default.1");

    @TempDir
    Path dir;
    MockWebServer server;

    @BeforeEach
    void start() throws Exception {
        server = new MockWebServer();
        server.start(java.net.InetAddress.getLoopbackAddress(), 0);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private String openAiAnswer(String text) {
        return "{\"id\":\"c\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":0,"
                + "\"message\":{\"role\":\"assistant\",\"content\":\"" + text + "\"},\"finish_reason\":\"stop\"}],"
                + "\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":1,\"total_tokens\":2}}";
    }

    /**
     * A listening socket stands where a provider would be: every endpoint of the config points at it but none is
     * complete (no key), so nothing is configured; starting the service and asking every tier and purpose for a model
     * must hand out none, and no connection may reach the socket nor a line health/providers.jsonl.
     */
    @Test
    void withNothingConfiguredNoModelIsHandedOutAndNothingLeaves() throws Exception {
        try (java.net.ServerSocket provider = new java.net.ServerSocket(0, 50,
                java.net.InetAddress.getLoopbackAddress())) {
            java.util.concurrent.atomic.AtomicInteger connections = new java.util.concurrent.atomic.AtomicInteger();
            Thread acceptor = Thread.ofVirtual().start(() -> {
                while (!provider.isClosed()) {
                    try (java.net.Socket s = provider.accept()) {
                        connections.incrementAndGet();
                    } catch (java.io.IOException e) {
                        return;
                    }
                }
            });
            String at = "http://127.0.0.1:" + provider.getLocalPort();
            ProviderKit kit = new ProviderKit(dir, """
                    {"endpoints": {
                       "cloud": {"type": "openai", "base_url": "%1$s/v1", "api_key_env": "UNSET_PROVIDER_KEY"},
                       "claude": {"type": "anthropic", "base_url": "%1$s"},
                       "gem": {"type": "gemini", "base_url": "%1$s"}},
                     "tiers": {"default": "cloud", "fast": "claude", "strong": "gem"},
                     "timeout_seconds": 1.0, "max_retries": 0}""".formatted(at), Map.of("PATH", "/usr/bin"));
            kit.providers.start();
            List<String> handedOut = new java.util.ArrayList<>();
            try {
                for (String tier : List.of("fast", "default", "strong")) {
                    for (String purpose : List.of("chat", "agent", "insight.flow", "think")) {
                        ModelUse use = new ModelUse(tier, purpose, "agent.default.1");
                        kit.providers.chat(use).ifPresent(m -> {
                            handedOut.add(tier + " " + purpose);
                            try {
                                m.chat("hello");
                            } catch (RuntimeException e) {
                                // the stand-in provider hangs up: what counts is that the call went out
                            }
                        });
                        kit.providers.streaming(use).ifPresent(m -> m.chat("hello",
                                new dev.langchain4j.model.chat.response.StreamingChatResponseHandler() {
                                    @Override
                                    public void onPartialResponse(String partial) {
                                    }

                                    @Override
                                    public void onCompleteResponse(
                                            dev.langchain4j.model.chat.response.ChatResponse response) {
                                    }

                                    @Override
                                    public void onError(Throwable error) {
                                    }
                                }));
                    }
                }
                // a call that went out would have connected by now; give a stray background one a moment too
                org.awaitility.Awaitility.await().during(java.time.Duration.ofMillis(500))
                        .atMost(java.time.Duration.ofSeconds(2)).until(() -> connections.get() == 0);
                assertThat(connections.get()).as("connections that reached the stand-in provider").isZero();
                assertThat(kit.providerLog()).isEmpty();
                assertThat(handedOut).as("models handed out with nothing configured").isEmpty();
                assertThat(kit.providers.configured()).isFalse();
                assertThat(kit.providers.howToConfigure()).startsWith("No LLM provider is configured")
                        .contains("OPENAI_API_KEY", "OPENAI_BASE_URL", "ANTHROPIC_API_KEY", "GEMINI_API_KEY",
                                "OLLAMA_HOST", "config/journal.json");
            } finally {
                kit.providers.stop();
            }
            provider.close();
            acceptor.join(2000);
            assertThat(connections.get()).as("connections that reached the stand-in provider").isZero();
        }
    }

    @Test
    void openAiIsDetectedFromItsVariablesWithTheBaseUrl() throws Exception {
        String key = "sk-env-SECRET-abcdefghijklmnopqrstuv";
        ProviderKit kit = new ProviderKit(dir, null, Map.of("OPENAI_API_KEY", key,
                "OPENAI_BASE_URL", "http://127.0.0.1:" + server.getPort() + "/v1"));
        server.enqueue(ProviderKit.json(200, openAiAnswer("hi from env")));

        assertThat(kit.providers.configured()).isTrue();
        assertThat(kit.providers.chat(CHAT).orElseThrow().chat("hello")).isEqualTo("hi from env");

        RecordedRequest r = server.takeRequest(5, TimeUnit.SECONDS);
        assertThat(r.getHeaders().get("Authorization")).isEqualTo("Bearer " + key);
        assertThat(ProviderKit.body(r).get("model").stringValue()).isEqualTo("gpt-5.2");
        assertThat(kit.providerLog().getFirst().get("provider").stringValue()).isEqualTo("openai");
        assertThat(kit.providers.howToConfigure()).contains("openai").contains("from the environment")
                .doesNotContain(key);
    }

    @Test
    void aBaseUrlWithoutAKeyIsALocalOpenAiCompatibleServer() throws Exception {
        ProviderKit kit = new ProviderKit(dir, null, Map.of("OPENAI_BASE_URL",
                "http://127.0.0.1:" + server.getPort() + "/v1", "OPENAI_MODEL", "qwen2.5-7b"));
        server.enqueue(ProviderKit.json(200, openAiAnswer("local answer")));

        assertThat(kit.providers.chat(CHAT).orElseThrow().chat("hello")).isEqualTo("local answer");

        RecordedRequest r = server.takeRequest(5, TimeUnit.SECONDS);
        assertThat(r.getUrl().encodedPath()).isEqualTo("/v1/chat/completions");
        assertThat(r.getHeaders().get("Authorization")).isNull();
        assertThat(ProviderKit.body(r).get("model").stringValue()).isEqualTo("qwen2.5-7b");
    }

    @Test
    void eachProviderIsDetectedFromTheVariablesItsSdkReads() {
        ProviderConfig cfg = ProviderConfig.parse(Optional.empty(), Map.of("ANTHROPIC_API_KEY", "a-key",
                "GOOGLE_API_KEY", "g-key", "OLLAMA_HOST", "0.0.0.0"));

        assertThat(cfg.endpoints().keySet()).containsExactly("anthropic", "gemini", "ollama");
        assertThat(cfg.endpoints().get("gemini").keySource()).contains("GOOGLE_API_KEY");
        assertThat(cfg.endpoints().get("ollama").baseUrl()).isEqualTo("http://127.0.0.1:11434");
        assertThat(cfg.route(CHAT).orElseThrow().endpoint().name()).isEqualTo("anthropic");
        assertThat(cfg.route(new ModelUse("fast", "x", "y")).orElseThrow().model()).isEqualTo("claude-haiku-4-5");
        assertThat(ProviderConfig.parse(Optional.empty(), Map.of("GEMINI_API_KEY", "k", "GOOGLE_API_KEY", "g"))
                .endpoints().get("gemini").keySource()).contains("GEMINI_API_KEY");
    }

    /** OLLAMA_HOST read as Ollama's own client reads it (its envconfig Host() and ConnectableHost()). */
    @Test
    void ollamaHostIsParsedAsOllamasClientParsesIt() {
        Map<String, String> cases = new java.util.LinkedHashMap<>();
        cases.put("studio.local:1234", "http://studio.local:1234");
        cases.put("studio.local", "http://studio.local:11434");
        cases.put("  \"studio.local\" ", "http://studio.local:11434");
        cases.put("https://ollama.example/", "https://ollama.example:443");
        cases.put("https://ollama.example", "https://ollama.example:443");
        cases.put("http://ollama.example", "http://ollama.example:80");
        cases.put("https://ollama.example:8443", "https://ollama.example:8443");
        cases.put("http://host/prefix", "http://host:80/prefix");
        cases.put("http://host:8080/prefix/", "http://host:8080/prefix");
        cases.put("host/prefix", "http://host:11434/prefix");
        cases.put("ollama.com", "https://ollama.com:443");
        cases.put(":11500", "http://127.0.0.1:11500");
        cases.put("0.0.0.0", "http://127.0.0.1:11434");
        cases.put("0.0.0.0:9000", "http://127.0.0.1:9000");
        cases.put("[::1]:9000", "http://[::1]:9000");
        cases.put("[::1]", "http://[::1]:11434");
        cases.put("::1", "http://[::1]:11434");
        cases.put("[::]", "http://[::1]:11434");
        cases.put("host:99999", "http://host:11434");
        cases.put("https://host:abc", "https://host:443");
        cases.put("", "http://127.0.0.1:11434");
        cases.forEach((in, out) -> assertThat(ProviderConfig.ollamaUrl(in)).as("OLLAMA_HOST=%s", in).isEqualTo(out));
    }

    @Test
    void tiersAndTasksChooseTheEndpointAndModel() {
        String json = """
                {"endpoints": {
                   "cloud": {"type": "openai", "api_key_env": "WORK_KEY", "model": "gpt-5.2"},
                   "local": {"type": "ollama", "base_url": "127.0.0.1:11434"},
                   "claude": {"type": "anthropic", "api_key": "sk-ant-in-config"}},
                 "tiers": {"fast": {"provider": "local", "model": "llama3.2:3b"}, "default": "cloud",
                           "strong": {"provider": "claude", "model": "claude-opus-4-5"}},
                 "tasks": {"insight": {"tier": "fast"}, "insight.flow": {"provider": "claude"},
                           "chat": {"model": "gpt-5-mini"}}}""";
        ProviderConfig cfg = ProviderConfig.parse(Optional.of(ProviderKit.JSON.readTree(json)),
                Map.of("WORK_KEY", "sk-work"));

        assertThat(cfg.problems()).isEmpty();
        assertThat(route(cfg, "default", "agent")).isEqualTo("cloud gpt-5.2");
        assertThat(route(cfg, "fast", "agent")).isEqualTo("local llama3.2:3b");
        assertThat(route(cfg, "strong", "agent")).isEqualTo("claude claude-opus-4-5");
        assertThat(route(cfg, "default", "insight.activity")).isEqualTo("local llama3.2:3b");
        assertThat(route(cfg, "default", "insight.flow")).isEqualTo("claude claude-sonnet-4-5");
        assertThat(route(cfg, "default", "chat")).isEqualTo("cloud gpt-5-mini");
        assertThat(cfg.endpoints().get("local").baseUrl()).isEqualTo("http://127.0.0.1:11434");
        assertThat(cfg.endpoints().get("cloud").keySource()).isEqualTo("the WORK_KEY environment variable");
    }

    private static String route(ProviderConfig cfg, String tier, String purpose) {
        Route r = cfg.route(new ModelUse(tier, purpose, "ctx")).orElseThrow();
        return r.endpoint().name() + " " + r.model();
    }

    @Test
    void configurationProblemsNameTheKeyAndTheFix() {
        String json = """
                {"endpoints": {"a": {"type": "mistral"}, "b": {"type": "openai", "api_key_env": "MISSING_KEY"},
                               "c": {"type": "openai-compatible"}, "d": {"type": "anthropic"}},
                 "max_retries": "three"}""";
        ProviderConfig cfg = ProviderConfig.parse(Optional.of(ProviderKit.JSON.readTree(json)), Map.of());

        assertThat(cfg.endpoints()).isEmpty();
        assertThat(cfg.problems()).anyMatch(p -> p.contains("providers.endpoints.a") && p.contains("mistral"))
                .anyMatch(p -> p.contains("MISSING_KEY") && p.contains("not set"))
                .anyMatch(p -> p.contains("providers.endpoints.c") && p.contains("base_url"))
                .anyMatch(p -> p.contains("providers.endpoints.d") && p.contains("ANTHROPIC_API_KEY"))
                .anyMatch(p -> p.contains("max_retries"));
        assertThat(cfg.route(CHAT)).isEmpty();
    }

    /** Keys never reach logs, errors, files or the CLI's description, whatever the provider echoes back. */
    @Test
    @ResourceLock("dev.engram.app.LogCapture")
    void keysNeverAppearInLogsErrorsOrDescriptions() throws Exception {
        String key = "sk-proj-TOPSECRET-0123456789abcdefghij";
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        root.addAppender(logs);
        Level before = root.getLevel();
        root.setLevel(Level.DEBUG);
        try {
            ProviderKit kit = new ProviderKit(dir, ProviderKit.config("work", "openai",
                    "http://127.0.0.1:" + server.getPort() + "/v1", key, "gpt-x"), Map.of());
            kit.providers.start();
            server.enqueue(ProviderKit.json(401, "{\"error\":{\"message\":\"Incorrect API key provided: "
                    + key.substring(0, 12) + "*****" + key.substring(key.length() - 4) + ". Your key " + key
                    + " is wrong\"}}"));
            server.enqueue(ProviderKit.json(400, "{\"error\":{\"message\":\"bad request for " + key + "\"}}"));

            ProviderException e1 = catchProvider(() -> kit.providers.chat(CHAT).orElseThrow().chat("hi"));
            ProviderException e2 = catchProvider(() -> kit.providers.chat(CHAT).orElseThrow().chat("hi"));

            List<String> texts = new java.util.ArrayList<>(List.of(e1.getMessage(), e2.getMessage(),
                    String.join("\n", kit.providers.describe()), kit.providers.howToConfigure(), kit.allFiles()));
            synchronized (logs) {
                logs.list.forEach(ev -> texts.add(ev.getFormattedMessage()));
            }
            assertThat(e1.getMessage()).contains("[redacted]");
            assertThat(texts).allSatisfy(t -> assertThat(t).doesNotContain(key).doesNotContain(key.substring(8, 20))
                    .doesNotContain(key.substring(key.length() - 12)));
            assertThat(kit.providers.describe()).anyMatch(l -> l.contains("work") && l.contains("api_key"));
        } finally {
            root.detachAppender(logs);
            root.setLevel(before);
        }
    }

    private static ProviderException catchProvider(Runnable r) {
        try {
            r.run();
        } catch (ProviderException e) {
            return e;
        }
        throw new AssertionError("expected a ProviderException");
    }

    @Test
    void anEndpointNamedInATierButMissingGivesNoModelAndSaysWhy() {
        ProviderKit kit = new ProviderKit(dir, """
                {"endpoints": {"cloud": {"type": "openai", "api_key": "k"}},
                 "tiers": {"default": "nowhere"}}""", Map.of());

        assertThat(kit.providers.chat(CHAT)).isEmpty();
        assertThatThrownBy(() -> kit.providers.chat(CHAT).orElseThrow()).isInstanceOf(
                java.util.NoSuchElementException.class);
        assertThat(kit.providers.config().whyNoRoute(CHAT)).contains("unknown endpoint");
    }

    /**
     * The configuration is kept between calls (parsed again only when config/journal.json changed): a change through
     * the journal, and one written by hand in place with the same length, both count at the next call.
     */
    @Test
    void aConfigChangeCountsAtTheNextCall() throws Exception {
        ProviderKit kit = new ProviderKit(dir, ProviderKit.config("aaaa", "openai-compatible", "http://127.0.0.1:9/v1",
                null, "m1"), Map.of());
        assertThat(kit.providers.endpoints()).extracting(e -> e.name() + "/" + e.model()).containsExactly("aaaa/m1");
        assertThat(kit.providers.endpoints()).extracting(e -> e.name()).containsExactly("aaaa");
        kit.journal.updateConfig(c -> new dev.engram.journal.JournalConfig(c.identity(), c.convey(),
                c.extra().with("providers", ProviderKit.JSON.readTree(ProviderKit.config("bbbb", "openai-compatible",
                        "http://127.0.0.1:9/v1", null, "m1")))));
        assertThat(kit.providers.endpoints()).extracting(e -> e.name()).containsExactly("bbbb");
        Path file = kit.journal.root().resolve("config/journal.json");
        String text = Files.readString(file);
        try (var ch = java.nio.channels.FileChannel.open(file, java.nio.file.StandardOpenOption.WRITE)) {
            ch.write(java.nio.ByteBuffer.wrap(text.replace("bbbb", "cccc").getBytes(
                    java.nio.charset.StandardCharsets.UTF_8))); // in place: same file, same size
        }
        assertThat(kit.providers.endpoints()).extracting(e -> e.name()).containsExactly("cccc");
    }
}
