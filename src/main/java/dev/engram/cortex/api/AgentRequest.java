package dev.engram.cortex.api;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What to run: the reference's request fields (spec §6). On the bus the same request is the flat JSON object
 * {@code {prompt, persona, tier?, facet?, continue_from?, save?, timeout_seconds?, max_turns?, handoff?,
 * handoff_from?, provider?, model?, ...}}; {@code config} holds any further persona config key that overrides the persona's
 * ({@code tools}, {@code handoff}, {@code env}...).
 *
 * @param prompt         what the agent is asked (non-empty)
 * @param persona        the persona's name, e.g. {@code default}
 * @param tier           the provider tier ({@code fast}, {@code default}, {@code strong}); empty: the persona's, else
 *                       {@code default}
 * @param facet          the facet the run is about (its context goes into the instructions)
 * @param continueFrom   a completed run whose conversation this one continues (a thread)
 * @param save           a file name under the day folder where the final result is written
 * @param timeoutSeconds how long the run may take (default 600)
 * @param maxTurns       how many model turns the run may take (default 64)
 * @param config         further persona config keys (plain JSON values)
 */
public record AgentRequest(String prompt, String persona, Optional<String> tier, Optional<String> facet,
                           Optional<String> continueFrom, Optional<String> save, OptionalInt timeoutSeconds,
                           OptionalInt maxTurns, Map<String, Object> config) {
    public AgentRequest {
        Objects.requireNonNull(prompt, "prompt");
        Objects.requireNonNull(persona, "persona");
        tier = tier == null ? Optional.empty() : tier;
        facet = facet == null ? Optional.empty() : facet;
        continueFrom = continueFrom == null ? Optional.empty() : continueFrom;
        save = save == null ? Optional.empty() : save;
        timeoutSeconds = timeoutSeconds == null ? OptionalInt.empty() : timeoutSeconds;
        maxTurns = maxTurns == null ? OptionalInt.empty() : maxTurns;
        config = config == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(config));
    }

    public static AgentRequest of(String prompt, String persona) {
        return new AgentRequest(prompt, persona, Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), OptionalInt.empty(), OptionalInt.empty(), Map.of());
    }

    public AgentRequest withTier(String t) {
        return new AgentRequest(prompt, persona, Optional.ofNullable(t), facet, continueFrom, save, timeoutSeconds,
                maxTurns, config);
    }

    public AgentRequest withFacet(String f) {
        return new AgentRequest(prompt, persona, tier, Optional.ofNullable(f), continueFrom, save, timeoutSeconds,
                maxTurns, config);
    }

    public AgentRequest withContinueFrom(String id) {
        return new AgentRequest(prompt, persona, tier, facet, Optional.ofNullable(id), save, timeoutSeconds,
                maxTurns, config);
    }

    public AgentRequest withSave(String file) {
        return new AgentRequest(prompt, persona, tier, facet, continueFrom, Optional.ofNullable(file),
                timeoutSeconds, maxTurns, config);
    }

    public AgentRequest withTimeoutSeconds(int seconds) {
        return new AgentRequest(prompt, persona, tier, facet, continueFrom, save, OptionalInt.of(seconds), maxTurns,
                config);
    }

    public AgentRequest withMaxTurns(int turns) {
        return new AgentRequest(prompt, persona, tier, facet, continueFrom, save, timeoutSeconds,
                OptionalInt.of(turns), config);
    }

    /**
     * The provider endpoint the run must use (the request's {@code provider} field, one of
     * {@link Providers#endpoints()}), bypassing tier routing; empty: routed by tier.
     */
    public Optional<String> provider() {
        return config.get("provider") instanceof String s && !s.isBlank() ? Optional.of(s) : Optional.empty();
    }

    /** The model asked on {@link #provider()} (the request's {@code model} field); empty: the endpoint's model. */
    public Optional<String> model() {
        return config.get("model") instanceof String s && !s.isBlank() ? Optional.of(s) : Optional.empty();
    }

    /**
     * A copy that runs on the named provider endpoint ({@code provider} and, when given, {@code model} in the request
     * line, as the reference's request keeps them).
     */
    public AgentRequest withProvider(String endpoint, String modelName) {
        AgentRequest r = withConfig("provider", endpoint);
        return modelName == null || modelName.isBlank() ? r : r.withConfig("model", modelName);
    }

    /** A copy with one more config key (a plain JSON value: string, number, boolean, list or map). */
    public AgentRequest withConfig(String key, Object value) {
        Map<String, Object> c = new LinkedHashMap<>(config);
        c.put(key, value);
        return new AgentRequest(prompt, persona, tier, facet, continueFrom, save, timeoutSeconds, maxTurns, c);
    }
}
