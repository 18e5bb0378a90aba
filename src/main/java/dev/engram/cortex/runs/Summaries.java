package dev.engram.cortex.runs;

import dev.engram.cortex.api.AgentRun;
import dev.engram.cortex.api.RunEvent;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/** A run's summary ({@link AgentRun}) read from its events. */
final class Summaries {
    private Summaries() {
    }

    static AgentRun of(String id, boolean active, List<RunEvent> events) {
        String persona = "";
        String prompt = "";
        String model = "";
        long started = parseId(id);
        OptionalLong ended = OptionalLong.empty();
        long in = 0;
        long out = 0;
        Optional<String> result = Optional.empty();
        Optional<String> error = Optional.empty();
        Optional<String> from = Optional.empty();
        for (RunEvent e : events) {
            switch (e.event()) {
                case "request" -> {
                    persona = e.text("persona");
                    prompt = e.text("prompt");
                    from = e.text("continue_from").isEmpty() ? Optional.empty() : Optional.of(e.text("continue_from"));
                    if (e.ts() > 0) {
                        started = e.ts();
                    }
                }
                case "start" -> {
                    model = e.text("model");
                    if (persona.isEmpty()) {
                        persona = e.text("persona");
                    }
                    if (prompt.isEmpty()) {
                        prompt = e.text("prompt");
                    }
                }
                case "finish" -> {
                    ended = OptionalLong.of(e.ts());
                    result = Optional.of(e.text("result"));
                    if (e.fields().get("usage") instanceof Map<?, ?> u) {
                        in = count(u.get("input_tokens"));
                        out = count(u.get("output_tokens"));
                    }
                }
                case "error" -> {
                    ended = OptionalLong.of(e.ts());
                    error = Optional.of(e.text("error"));
                }
                default -> {
                }
            }
        }
        AgentRun.RunState state = error.isPresent() ? AgentRun.RunState.FAILED
                : result.isPresent() ? AgentRun.RunState.FINISHED
                : active ? AgentRun.RunState.RUNNING : AgentRun.RunState.FAILED;
        return new AgentRun(id, persona.isEmpty() ? "default" : persona, prompt, model, state, started, ended, in,
                out, result, error, from);
    }

    static long parseId(String id) {
        try {
            return Long.parseLong(id);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static long count(Object v) {
        return v instanceof Number n ? n.longValue() : 0;
    }
}
