package dev.engram.journal;

import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import tools.jackson.databind.node.ObjectNode;

/**
 * One line of an agent run log {@code agents/<id>.jsonl} (or {@code <id>_active.jsonl} while it runs):
 * {@code request}, {@code start}, {@code thinking}, {@code tool_start}, {@code tool_end}, {@code finish},
 * {@code error}... Event-specific fields (prompt, result, tool, args) are in {@link #fields()}.
 */
public record AgentEvent(String event, OptionalLong ts, Optional<String> agentId, Extra fields) {
    public static final JournalFormat FORMAT = new JournalFormat("agent-event", 1,
            "event, ts (ms), agent_id, and the event's own fields", false);
    private static final Set<String> KNOWN = Set.of("event", "ts", "agent_id");

    public AgentEvent {
        if (event == null || event.isBlank()) {
            throw new JournalException("agent event has no 'event'");
        }
        ts = ts == null ? OptionalLong.empty() : ts;
        agentId = agentId == null ? Optional.empty() : agentId;
        fields = fields == null ? Extra.empty() : fields;
    }

    static final RecordCodec<AgentEvent> CODEC = new RecordCodec<>() {
        @Override
        public JournalFormat format() {
            return FORMAT;
        }

        @Override
        public AgentEvent decode(ObjectNode o) {
            return new AgentEvent(Json.string(o, "event", ""), Json.longValue(o, "ts"), Json.string(o, "agent_id"),
                    Extra.from(o, KNOWN));
        }

        @Override
        public ObjectNode encode(AgentEvent a) {
            ObjectNode o = Json.object();
            o.put("event", a.event());
            Json.putIfPresent(o, "ts", a.ts());
            Json.putIfPresent(o, "agent_id", a.agentId());
            a.fields().writeTo(o);
            return o;
        }
    };
}
