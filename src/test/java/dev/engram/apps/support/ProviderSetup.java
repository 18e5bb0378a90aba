package dev.engram.apps.support;

import static org.assertj.core.api.Assertions.assertThat;

import dev.engram.app.ServiceRegistry;
import dev.engram.cortex.api.Providers;
import dev.engram.cortex.outbound.OutboundHttp;
import dev.engram.cortex.providers.ProviderService;
import dev.engram.journal.Journal;
import dev.engram.journal.JournalConfig;
import dev.engram.testing.HttpSession;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The think pipeline's provider as the apps see it ({@code setup} in their view JSON): a registry holding the real
 * provider service over a journal with nothing configured (an empty environment), a provider configured in
 * {@code config/journal.json} at a local URL (nothing listens there; nothing is called), and the checks of both.
 */
public final class ProviderSetup {
    /** The key written with the configured provider: it must never appear in an answer. */
    public static final String KEY = "sk-setup-test-5f0c2a9e7b1d4c68";

    private ProviderSetup() {
    }

    /** A registry with the real provider service over this journal and an empty environment. */
    public static ServiceRegistry registry(Journal journal) {
        ServiceRegistry services = new ServiceRegistry();
        services.register(Providers.class, new ProviderService(journal, new OutboundHttp(journal), Map.of(),
                Clock.systemDefaultZone()));
        return services;
    }

    /** Configures an OpenAI-compatible endpoint on a local URL, with {@link #KEY}, in config/journal.json. */
    public static void configure(Journal journal) {
        JsonNode providers = JsonMapper.builder().build().readTree("{\"endpoints\":{\"local\":{\"type\":"
                + "\"openai-compatible\",\"base_url\":\"http://127.0.0.1:9/v1\",\"model\":\"local-test\",\"api_key\":\""
                + KEY + "\"}}}");
        journal.updateConfig(c -> new JournalConfig(c.identity(), c.convey(), c.extra().with("providers", providers)));
    }

    /** The view says what to configure: {@code setup {needed: "provider", message, how}} naming variables and keys. */
    public static void assertNeedsProvider(HttpResponse<String> r) {
        JsonNode setup = Checks.ok(r).path("setup");
        assertThat(setup.isObject()).as("setup of %s: %s", r.uri(), r.body()).isTrue();
        assertThat(setup.path("needed").asString()).isEqualTo("provider");
        assertThat(setup.path("message").asString()).contains("LLM provider");
        assertThat(setup.path("how").asString()).contains("OPENAI_API_KEY", "OLLAMA_HOST", "config/journal.json");
    }

    /** A provider is configured: {@code setup} is null, and the key appears nowhere in the answer. */
    public static void assertConfigured(HttpResponse<String> r) {
        JsonNode body = Checks.ok(r);
        assertThat(body.has("setup")).as("the field is always there: %s", r.body()).isTrue();
        assertThat(body.path("setup").isNull()).as("setup of %s: %s", r.uri(), r.body()).isTrue();
        assertThat(r.body()).doesNotContain(KEY);
    }

    /** Checks one view of a server whose registry came from {@link #registry}: before and after configuring. */
    public static void assertShownUntilConfigured(JournalServer server, String path) {
        HttpSession http = server.client();
        assertNeedsProvider(http.get(path));
        configure(server.journal);
        assertConfigured(http.get(path));
    }
}
