package dev.engram.demo;

import dev.engram.journal.AgentEvent;
import dev.engram.journal.Agents;
import dev.engram.journal.Day;
import dev.engram.journal.Extra;
import dev.engram.journal.Journal;
import dev.engram.journal.TokenUsage;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * Two completed agent runs on the last day ({@code agents/<id>.jsonl}): request, start, thinking, a search tool call
 * and finish, each with a millisecond {@code ts}; the run's id is its start time in epoch milliseconds.
 */
final class AgentRuns {
    private record Ask(LocalTime at, String prompt, String query, String answer) {
    }

    private static final List<Ask> ASKS = List.of(
            new Ask(LocalTime.of(12, 40, 5), "What did we decide about the ledger cutover this week?", "ledger cutover",
                    "The team agreed to freeze schema changes until the cutover; Maren writes the runbook and Tomek"
                            + " checks the dashboards before Thursday."),
            new Ask(LocalTime.of(21, 15, 42), "Which Lumen todos are still open?", "lumen todo",
                    "Open Lumen todos: tag the 0.9 release candidate, and write the release notes."));

    private AgentRuns() {
    }

    static void write(Journal journal, Day day) {
        Agents agents = journal.agents();
        for (Ask ask : ASKS) {
            long start = DemoTime.millis(day.date(), ask.at());
            String id = Long.toString(start);
            append(agents, id, "request", start, Map.of("prompt", ask.prompt(), "persona", "default",
                    "backend", "google"));
            append(agents, id, "start", start + 95, Map.of("prompt", ask.prompt(), "persona", "default",
                    "model", TokenMaker.PRO, "backend", "google"));
            append(agents, id, "thinking", start + 1840, Map.of("content",
                    "The owner asks about their own journal; search the transcripts and events first."));
            append(agents, id, "tool_start", start + 2210, Map.of("tool", "search_journal", "call_id", "call_1",
                    "args", new TreeMap<>(Map.of("query", ask.query(), "limit", 10))));
            append(agents, id, "tool_end", start + 2630, Map.of("tool", "search_journal", "call_id", "call_1",
                    "result", "Found 7 matching segments and 2 events."));
            append(agents, id, "finish", start + 6120, Map.of("result", ask.answer()));
            agents.complete(id);
            journal.tokens().record(day, new TokenUsage((start + 6120) / 1000.0, TokenMaker.PRO,
                    "agent.default." + id, new TokenUsage.Counts(5210, 388, 5598, Extra.empty().with("requests", 2)),
                    Optional.empty(), Extra.empty()));
        }
    }

    private static void append(Agents agents, String id, String event, long ts, Map<String, Object> fields) {
        Extra extra = Extra.empty();
        for (String key : fields.keySet().stream().sorted().toList()) {
            extra = extra.with(key, fields.get(key));
        }
        agents.append(id, new AgentEvent(event, OptionalLong.of(ts), Optional.of(id), extra));
    }
}
