package dev.engram.journal;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.node.ObjectNode;

/**
 * Something that happened ({@code occurred}) or is anticipated, in {@code facets/<f>/events/YYYYMMDD.jsonl}.
 * Times are {@code HH:MM:SS}; anticipations carry a {@code date} ({@code YYYY-MM-DD}).
 */
public record FacetEvent(String type, Optional<String> start, Optional<String> end, Optional<String> date,
                         String title, String summary, Optional<String> facet, String topic, boolean occurred,
                         String source, boolean work, List<String> participants, String details, Extra extra) {
    public static final JournalFormat FORMAT = new JournalFormat("facet-event", 1,
            "type, start/end (HH:MM:SS), date, title, summary, facet, topic, occurred, source, work, participants, details",
            false);
    private static final Set<String> KNOWN = Set.of("type", "start", "end", "date", "title", "summary", "facet",
            "topic", "occurred", "source", "work", "participants", "details");

    public FacetEvent {
        type = type == null ? "" : type;
        start = start == null ? Optional.empty() : start;
        end = end == null ? Optional.empty() : end;
        date = date == null ? Optional.empty() : date;
        if (title == null || title.isBlank()) {
            throw new JournalException("event has no 'title'");
        }
        summary = summary == null ? "" : summary;
        facet = facet == null ? Optional.empty() : facet;
        topic = topic == null ? "" : topic;
        source = source == null ? "" : source;
        participants = participants == null ? List.of() : List.copyOf(participants);
        details = details == null ? "" : details;
        extra = extra == null ? Extra.empty() : extra;
    }

    static final RecordCodec<FacetEvent> CODEC = new RecordCodec<>() {
        @Override
        public JournalFormat format() {
            return FORMAT;
        }

        @Override
        public FacetEvent decode(ObjectNode o) {
            return new FacetEvent(Json.string(o, "type", ""), Json.string(o, "start"), Json.string(o, "end"),
                    Json.string(o, "date"), Json.string(o, "title", ""), Json.string(o, "summary", ""),
                    Json.string(o, "facet"), Json.string(o, "topic", ""), Json.bool(o, "occurred"),
                    Json.string(o, "source", ""), Json.bool(o, "work"), Json.strings(o, "participants"),
                    Json.string(o, "details", ""), Extra.from(o, KNOWN));
        }

        @Override
        public ObjectNode encode(FacetEvent e) {
            ObjectNode o = Json.object();
            o.put("type", e.type());
            Json.putIfPresent(o, "date", e.date());
            if (e.start().isPresent()) {
                o.put("start", e.start().get());
            } else {
                o.putNull("start");
            }
            if (e.end().isPresent()) {
                o.put("end", e.end().get());
            } else {
                o.putNull("end");
            }
            o.put("title", e.title());
            o.put("summary", e.summary());
            Json.putIfPresent(o, "facet", e.facet());
            o.put("topic", e.topic());
            o.put("occurred", e.occurred());
            o.put("source", e.source());
            o.set("participants", Json.stringArray(e.participants()));
            o.put("work", e.work());
            o.put("details", e.details());
            e.extra().writeTo(o);
            return o;
        }
    };
}
