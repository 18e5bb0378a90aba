package dev.engram.apps.support;

import static org.assertj.core.api.Assertions.assertThat;

import dev.engram.app.ServiceRegistry;
import dev.engram.cortex.api.Providers;
import dev.engram.cortex.outbound.OutboundHttp;
import dev.engram.cortex.providers.ProviderService;
import dev.engram.journal.Journal;
import dev.engram.journal.JournalConfig;
import dev.engram.testing.Browser;
import dev.engram.testing.HttpSession;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.List;
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
        providers(journal, "{\"endpoints\":{\"local\":{\"type\":\"openai-compatible\",\"base_url\":"
                + "\"http://127.0.0.1:9/v1\",\"model\":\"local-test\",\"api_key\":\"" + KEY + "\"}}}");
    }

    /** An endpoint with {@link #KEY} but no {@code base_url}: left out, so nothing is configured (a named problem). */
    public static void configureBroken(Journal journal) {
        providers(journal, "{\"endpoints\":{\"local\":{\"type\":\"openai-compatible\",\"api_key\":\"" + KEY
                + "\"}}}");
    }

    private static void providers(Journal journal, String json) {
        JsonNode providers = JsonMapper.builder().build().readTree(json);
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

    /**
     * Checks one view of a server whose registry came from {@link #registry}: nothing configured; a broken endpoint
     * (its problem named, its key nowhere); then configured.
     */
    public static void assertShownUntilConfigured(JournalServer server, String path) {
        HttpSession http = server.client();
        assertNeedsProvider(http.get(path));
        configureBroken(server.journal);
        HttpResponse<String> broken = http.get(path);
        assertNeedsProvider(broken);
        assertThat(Checks.ok(broken).path("setup").path("how").asString()).contains("base_url");
        assertThat(broken.body()).doesNotContain(KEY);
        configure(server.journal);
        assertConfigured(http.get(path));
    }

    /**
     * The loaded page shows the setup notice {@code #<id>}: displayed, styled by its own class (not the file-warnings
     * box, which stays hidden), the first thing in the app, saying what to configure (the notice's text contains
     * {@code how}). Read in one script once it is displayed.
     */
    @SuppressWarnings("unchecked")
    public static void assertNoticeShown(Browser browser, String id, String... how) {
        browser.visible(org.openqa.selenium.By.id(id));
        List<Object> seen = (List<Object>) browser.js("""
                const box = document.getElementById(arguments[0]);
                const warnings = box.parentElement.querySelector('.apps-warnings');
                return [box.className, box.getAttribute('role'), box.innerText,
                  box.parentElement.firstElementChild === box, getComputedStyle(box).backgroundColor,
                  warnings === null || warnings.hidden, box.getAttribute('style')];""", id);
        assertThat(seen.get(0)).as("class").isEqualTo("apps-setup");
        assertThat(seen.get(1)).as("role").isEqualTo("status");
        assertThat((String) seen.get(2)).as("text").contains("Waiting for an LLM provider", "LLM provider is configured")
                .contains(how).doesNotContain("could not be read");
        assertThat(seen.get(3)).as("at the top of the app").isEqualTo(true);
        assertThat(seen.get(4)).as("apps.css styles it (the stylesheet loaded under the CSP)")
                .isEqualTo("rgb(238, 244, 251)");
        assertThat(seen.get(5)).as("the file-warnings box stays hidden").isEqualTo(true);
        assertThat(seen.get(6)).as("no inline style").isNull();
    }
}
