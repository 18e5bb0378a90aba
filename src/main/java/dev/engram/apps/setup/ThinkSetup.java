package dev.engram.apps.setup;

import dev.engram.app.AppContext;
import dev.engram.cortex.api.Providers;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Whether the think pipeline can run and, if not, what to configure: the {@code setup} field of an app's view JSON,
 * {@code null} when an LLM provider is configured, else {@code {needed: "provider", message, how}} where {@code how}
 * is {@link Providers#howToConfigure()} (the environment variables and config keys to set; never a key).
 */
public final class ThinkSetup {
    /** The JSON field name the apps answer it under. */
    public static final String FIELD = "setup";
    static final String MESSAGE = "Insights, todos, entities and calendar events are filled in from your recordings"
            + " once an LLM provider is configured. What you add by hand works as usual.";
    /** The how-to when no provider service is registered at all (a server built without cortex). */
    static final String NO_SERVICE = "No LLM provider service is running: configure a provider under \"providers\""
            + " in config/journal.json or with a provider's environment variable such as OPENAI_API_KEY or"
            + " OLLAMA_HOST (see docs/cortex.md, Providers), then restart Engram.";
    private final AppContext context;

    public ThinkSetup(AppContext context) {
        this.context = context;
    }

    /** {@code null} when a provider is configured; else {@code {needed: "provider", message, how}}. */
    public Map<String, Object> json() {
        Optional<Providers> providers = context.findService(Providers.class);
        if (providers.isPresent() && providers.get().configured()) {
            return null;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("needed", "provider");
        m.put("message", MESSAGE);
        m.put("how", providers.map(Providers::howToConfigure).orElse(NO_SERVICE));
        return m;
    }

    /** Puts {@link #json()} into a view's answer as {@value #FIELD} (null when nothing needs configuring). */
    public Map<String, Object> addTo(Map<String, Object> out) {
        out.put(FIELD, json());
        return out;
    }
}
