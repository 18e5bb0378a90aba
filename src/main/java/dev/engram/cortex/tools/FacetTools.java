package dev.engram.cortex.tools;

import dev.engram.cortex.api.ToolCaller;
import dev.engram.journal.AgentEvent;
import dev.engram.journal.Agents;
import dev.engram.journal.Day;
import dev.engram.journal.Extra;
import dev.engram.journal.FacetStore;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The facet tools of the {@code journal} and {@code facets} packs: {@code get_events}, {@code get_facet},
 * {@code facet_news} (reads, or writes with {@code markdown}) and {@code send_message} (a synthetic agent run plus a
 * chat record, as the reference makes it).
 */
final class FacetTools {
    /** The largest news page {@code facet_news} writes. */
    static final int MAX_NEWS_CHARS = 100_000;
    /** The largest message {@code send_message} sends. */
    static final int MAX_MESSAGE_CHARS = 20_000;
    private static final int MAX_ID_ATTEMPTS = 10_000;
    private final ToolEnv env;
    private final AtomicLong lastAgentId = new AtomicLong();

    FacetTools(ToolEnv env) {
        this.env = env;
    }

    List<ToolDef> defs() {
        return List.of(
                ToolDef.read("journal", "get_events", "The events (meetings, calls, plans) of a day, in one facet or"
                        + " every facet.", Schema.of().day("day", true, "the day, YYYYMMDD")
                        .facet("facet", false, "only this facet"), this::events),
                ToolDef.read("journal", "get_facet", "A facet's details (title, description) and its attached"
                        + " entities.", Schema.of().facet("facet", true, "the facet"), this::facet),
                ToolDef.sometimesWrites("facets", "facet_news", "Read a facet's news page of a day; with markdown,"
                        + " write it (replacing the day's page).", Schema.of().facet("facet", true, "the facet")
                        .day("day", true, "the day, YYYYMMDD")
                        .string("markdown", false, "the new page; leave out to read"), a -> a.has("markdown"),
                        this::news),
                ToolDef.write("journal", "send_message", "Send the owner a message: it appears in their chat inbox,"
                        + " unread.", Schema.of().string("body", true, "the message (markdown)")
                        .facet("facet", false, "the facet it is about"), this::send));
    }

    private String events(Args a, ToolCaller caller) {
        Day day = a.day("day");
        Optional<String> only = a.optString("facet");
        List<String> facets = only.map(f -> List.of(env.facet(f, caller).name()))
                .orElseGet(() -> List.copyOf(env.visibleFacets(caller)));
        ObjectNode o = ToolJson.object();
        o.put("day", day.key());
        o.put("facet", only.orElse(null));
        ArrayNode events = o.putArray("events");
        for (String f : facets) {
            env.journal().facetStore(f).events(day).forEach(e -> events.add(Records.event(e, f)));
        }
        return ToolJson.write(o);
    }

    private String facet(Args a, ToolCaller caller) {
        FacetStore fs = env.facet(a.string("facet"), caller);
        ObjectNode o = Records.facet(fs.read());
        ArrayNode entities = o.putArray("entities");
        fs.attachedEntities().forEach(e -> entities.add(Records.entity(e)));
        return ToolJson.write(o);
    }

    private String news(Args a, ToolCaller caller) {
        FacetStore fs = env.facet(a.string("facet"), caller);
        Day day = a.day("day");
        ObjectNode o = ToolJson.object();
        o.put("facet", fs.name());
        o.put("day", day.key());
        Optional<String> markdown = a.optString("markdown");
        if (markdown.isPresent()) {
            if (markdown.get().length() > MAX_NEWS_CHARS) {
                throw new ToolArgException("facet_news: 'markdown' is " + markdown.get().length()
                        + " characters, over the limit of " + MAX_NEWS_CHARS);
            }
            fs.writeNews(day, markdown.get());
            ObjectNode params = ToolJson.object();
            params.put("day", day.key());
            params.put("chars", markdown.get().length());
            env.logAction(fs, caller, "news_write", params);
            o.put("written", true);
            o.put("chars", markdown.get().length());
        } else {
            o.put("markdown", fs.news(day).orElse(null));
        }
        return ToolJson.write(o);
    }

    private String send(Args a, ToolCaller caller) {
        String body = a.text("body");
        if (body.length() > MAX_MESSAGE_CHARS) {
            throw new ToolArgException("send_message: 'body' is " + body.length() + " characters, over the limit of "
                    + MAX_MESSAGE_CHARS);
        }
        Optional<String> facet = a.optString("facet").map(f -> env.facet(f, caller).name());
        if (facet.isEmpty() && !caller.facets().isEmpty()) {
            throw new ToolArgException("send_message: this caller may write only to the facets "
                    + String.join(", ", new java.util.TreeSet<>(caller.facets())) + "; pass one as 'facet'");
        }
        long ts = claimAgentId(body);
        String id = Long.toString(ts);
        env.journal().agents().complete(id);
        ObjectNode chat = ToolJson.object();
        chat.put("ts", ts);
        chat.put("facet", facet.orElse(null));
        ObjectNode from = chat.putObject("from");
        from.put("type", "agent");
        from.put("id", id);
        chat.put("title", title(body));
        chat.put("unread", true);
        env.journal().writeAppFile("chat", ToolJson.write(chat) + "\n", "chats", id + ".json");
        ObjectNode params = ToolJson.object();
        params.put("agent_id", id);
        params.put("chars", body.length());
        facet.ifPresentOrElse(f -> env.logAction(env.journal().facetStore(f), caller, "send_message", params),
                () -> env.logJournalAction(caller, "send_message", params));
        env.bus().emit("cortex", "finish", Map.of("agent_id", id, "ts", ts, "result", body));
        ObjectNode o = ToolJson.object();
        o.put("success", true);
        o.put("agent_id", id);
        return ToolJson.write(o);
    }

    /**
     * Claims a fresh run id (a millisecond timestamp, as the reference's agent ids) by creating its log exclusively
     * with the message's {@code finish} event as its only line: two messages of the same millisecond, from this
     * process or another on the same journal (a stdio MCP server beside Engram), or a run started then, cannot
     * share an id or a log.
     */
    private long claimAgentId(String body) {
        Agents agents = env.journal().agents();
        for (int attempt = 0; attempt < MAX_ID_ATTEMPTS; attempt++) {
            long ts = lastAgentId.updateAndGet(prev -> Math.max(prev + 1, env.nowMillis()));
            String id = Long.toString(ts);
            if (agents.create(id, new AgentEvent("finish", OptionalLong.of(ts), Optional.of(id),
                    Extra.empty().with("result", body)))) {
                return ts;
            }
        }
        throw new ToolArgException("send_message: no free message id after " + MAX_ID_ATTEMPTS + " attempts (the"
                + " agents folder is crowded by other writers); try again");
    }

    private static String title(String body) {
        String first = body.lines().map(String::strip).filter(s -> !s.isEmpty()).findFirst().orElse(body);
        first = first.replaceFirst("^#+\\s*", "");
        return first.length() > 80 ? first.substring(0, 79) + "…" : first;
    }
}
