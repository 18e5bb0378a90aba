package dev.engram.cortex.runs;

import dev.engram.cortex.api.AgentException;
import dev.engram.cortex.api.AgentRequest;
import dev.engram.journal.Agents.Status;
import dev.engram.journal.Day;
import dev.engram.journal.InvalidNameException;
import dev.engram.journal.Journal;
import dev.engram.journal.Names;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * The request as the reference writes it (line 1 of a run's log, and the {@code cortex.request} bus event): the flat
 * object {@code {event: "request", ts, agent_id, prompt, persona, tier?, facet?, continue_from?, save?,
 * timeout_seconds?, max_turns?, ...config}}, to and from {@link AgentRequest}.
 */
final class RequestLine {
    private static final Set<String> OWN = Set.of("tract", "event", "ts", "agent_id", "prompt", "persona", "tier",
            "facet", "continue_from", "save", "timeout_seconds", "max_turns");

    private RequestLine() {
    }

    /** The request's fields (without {@code event}, {@code ts}, {@code agent_id}). */
    static Map<String, Object> fields(AgentRequest r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("prompt", r.prompt());
        m.put("persona", r.persona());
        r.tier().ifPresent(v -> m.put("tier", v));
        r.facet().ifPresent(v -> m.put("facet", v));
        r.continueFrom().ifPresent(v -> m.put("continue_from", v));
        r.save().ifPresent(v -> m.put("save", v));
        r.timeoutSeconds().ifPresent(v -> m.put("timeout_seconds", v));
        r.maxTurns().ifPresent(v -> m.put("max_turns", v));
        r.config().forEach(m::putIfAbsent);
        return m;
    }

    /** Reads a request's fields; throws {@link AgentException} {@code invalid_request} saying which field is wrong. */
    static AgentRequest parse(Map<String, Object> f) {
        String prompt = text(f, "prompt").orElse("");
        String persona = text(f, "persona").orElse("default");
        Map<String, Object> config = new LinkedHashMap<>();
        f.forEach((k, v) -> {
            if (!OWN.contains(k)) {
                config.put(k, v);
            }
        });
        // the reference's "backend" names a provider kind; Engram's are picked by tier, or by "provider" (an endpoint
        // name, kept in config with "model" so the request line shows them as the later reference does)
        return new AgentRequest(prompt, persona, text(f, "tier"), text(f, "facet"), text(f, "continue_from"),
                text(f, "save"), number(f, "timeout_seconds"), number(f, "max_turns"), config);
    }

    private static Optional<String> text(Map<String, Object> f, String key) {
        Object v = f.get(key);
        if (v == null) {
            return Optional.empty();
        }
        if (v instanceof String s) {
            return s.isBlank() ? Optional.empty() : Optional.of(s);
        }
        throw new AgentException("invalid_request", "'" + key + "' must be a string, got " + v);
    }

    private static OptionalInt number(Map<String, Object> f, String key) {
        Object v = f.get(key);
        if (v == null) {
            return OptionalInt.empty();
        }
        if (v instanceof Number n && n.doubleValue() >= 1 && n.doubleValue() <= Integer.MAX_VALUE) {
            return OptionalInt.of(n.intValue());
        }
        throw new AgentException("invalid_request", "'" + key + "' must be a positive whole number, got " + v);
    }

    /**
     * Whether the request can run: a prompt, a known persona, a completed {@code continue_from}, a plain {@code save}
     * file name; an {@link AgentException} with the reason code and what to do otherwise.
     */
    static void check(AgentRequest request, Personas personas, Journal journal) {
        if (request.prompt().isBlank()) {
            throw new AgentException("invalid_request", "the request has no prompt: say what the agent should do");
        }
        if (personas.find(request.persona()).isEmpty()) {
            throw new AgentException("unknown_persona", "no persona named '" + request.persona() + "'; known: "
                    + personas.names());
        }
        if (request.continueFrom().isPresent()) {
            String from = request.continueFrom().get();
            Status s;
            try {
                s = journal.agents().status(from);
            } catch (InvalidNameException e) {
                s = Status.NOT_FOUND;
            }
            if (s == Status.RUNNING) {
                throw new AgentException("still_running", "run " + from + " is still running; continue it once it"
                        + " has finished");
            }
            if (s == Status.NOT_FOUND) {
                throw new AgentException("unknown_run", "no run " + from + " to continue from");
            }
        }
        if (request.save().isPresent()) {
            try {
                Names.fileName(request.save().get());
            } catch (InvalidNameException e) {
                throw new AgentException("invalid_request", "'save' must be a plain file name: " + e.getMessage());
            }
            Object day = request.config().get("day");
            if (day != null && Day.tryParse(String.valueOf(day)).isEmpty()) {
                throw new AgentException("invalid_request", "'day' must be a real date as YYYYMMDD (the day 'save'"
                        + " writes under)");
            }
        }
    }
}
