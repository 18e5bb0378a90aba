package dev.engram.journal;

import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.node.ObjectNode;

/**
 * One owner-visible change, appended to {@code config/actions/YYYYMMDD.jsonl} (journal level) or
 * {@code facets/<f>/logs/YYYYMMDD.jsonl} (facet level). {@code source} is "app" or "tool"; {@code actor} the app
 * name or agent persona.
 */
public record ActionLogEntry(String timestamp, String source, String actor, String action, Extra params,
                             Optional<String> facet, Optional<String> agentId, Extra extra) {
    public static final JournalFormat FORMAT = new JournalFormat("action-log", 1,
            "timestamp (ISO-8601 with offset), source, actor, action, params{}, facet, agent_id", false);
    private static final Set<String> KNOWN = Set.of("timestamp", "source", "actor", "action", "params", "facet", "agent_id");

    public ActionLogEntry {
        if (action == null || action.isBlank()) {
            throw new JournalException("action log entry has no 'action'");
        }
        timestamp = timestamp == null ? "" : timestamp;
        source = source == null ? "" : source;
        actor = actor == null ? "" : actor;
        params = params == null ? Extra.empty() : params;
        facet = facet == null ? Optional.empty() : facet;
        agentId = agentId == null ? Optional.empty() : agentId;
        extra = extra == null ? Extra.empty() : extra;
    }

    /** An app action at {@code now}. */
    public static ActionLogEntry byApp(String app, String action, Extra params, OffsetDateTime now) {
        return new ActionLogEntry(now.toString(), "app", app, action, params, Optional.empty(), Optional.empty(),
                Extra.empty());
    }

    public ActionLogEntry inFacet(String facetName) {
        return new ActionLogEntry(timestamp, source, actor, action, params, Optional.of(facetName), agentId, extra);
    }

    static final RecordCodec<ActionLogEntry> CODEC = new RecordCodec<>() {
        @Override
        public JournalFormat format() {
            return FORMAT;
        }

        @Override
        public ActionLogEntry decode(ObjectNode o) {
            return new ActionLogEntry(Json.string(o, "timestamp", ""), Json.string(o, "source", ""),
                    Json.string(o, "actor", ""), Json.string(o, "action", ""),
                    Extra.from(Json.objectOrEmpty(o, "params"), Set.of()), Json.string(o, "facet"),
                    Json.string(o, "agent_id"), Extra.from(o, KNOWN));
        }

        @Override
        public ObjectNode encode(ActionLogEntry a) {
            ObjectNode o = Json.object();
            o.put("timestamp", a.timestamp());
            o.put("source", a.source());
            o.put("actor", a.actor());
            o.put("action", a.action());
            o.set("params", Json.toNode(a.params()));
            Json.putIfPresent(o, "facet", a.facet());
            Json.putIfPresent(o, "agent_id", a.agentId());
            a.extra().writeTo(o);
            return o;
        }
    };
}
