package dev.engram.cortex.tools;

import dev.engram.journal.Entity;
import dev.engram.journal.Facet;
import dev.engram.journal.FacetEvent;
import dev.engram.journal.Todo;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Journal records as the JSON the tools answer with (the reference's field names). */
final class Records {
    private Records() {
    }

    static ObjectNode todo(Todo t) {
        ObjectNode o = ToolJson.object();
        o.put("line_number", t.id());
        o.put("text", t.text());
        o.put("time", t.time().orElse(null));
        o.put("completed", t.completed());
        o.put("cancelled", t.cancelled());
        return o;
    }

    static ObjectNode entity(Entity e) {
        ObjectNode o = ToolJson.object();
        o.put("type", e.type());
        o.put("name", e.name());
        o.put("description", e.description());
        ArrayNode aka = o.putArray("aka");
        e.aka().forEach(aka::add);
        return o;
    }

    static ObjectNode event(FacetEvent e, String facet) {
        ObjectNode o = ToolJson.object();
        o.put("type", e.type());
        o.put("start", e.start().orElse(null));
        o.put("end", e.end().orElse(null));
        e.date().ifPresent(d -> o.put("date", d));
        o.put("title", e.title());
        o.put("summary", e.summary());
        o.put("facet", e.facet().orElse(facet));
        o.put("topic", e.topic());
        o.put("occurred", e.occurred());
        o.put("source", e.source());
        o.put("work", e.work());
        ArrayNode people = o.putArray("participants");
        e.participants().forEach(people::add);
        o.put("details", e.details());
        return o;
    }

    static ObjectNode facet(Facet f) {
        ObjectNode o = ToolJson.object();
        o.put("name", f.name());
        o.put("title", f.title());
        o.put("description", f.description());
        o.put("color", f.color());
        o.put("emoji", f.emoji());
        o.put("muted", f.muted());
        return o;
    }
}
