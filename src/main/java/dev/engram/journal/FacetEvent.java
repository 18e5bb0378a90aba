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

    /**
     * Extra field naming who last changed an event by hand: {@value #OWNER} for the owner's own events and edits
     * (the calendar). {@link FacetStore#replaceEvents} never removes such an event, so a forced re-run of the
     * extraction that produced it cannot overwrite the owner's edit.
     */
    public static final String EDITED_BY = "edited_by";
    public static final String OWNER = "owner";
    /** Extra field: when the owner last edited the event (epoch ms). */
    public static final String EDITED_AT = "edited_at";
    /**
     * Extra field: the title an extraction gave the event before the owner's first edit; a re-run of that extraction
     * (same {@code source}) filing an event with this title again is not added beside the owner's version.
     */
    public static final String EXTRACTED_TITLE = "extracted_title";

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

    /** Whether the owner added or edited this event ({@link #EDITED_BY} is {@value #OWNER}). */
    public boolean ownerEdited() {
        return extra.string(EDITED_BY).filter(OWNER::equals).isPresent();
    }

    /** A copy with other extra fields (the known fields stay). */
    public FacetEvent withExtra(Extra newExtra) {
        return new FacetEvent(type, start, end, date, title, summary, facet, topic, occurred, source, work,
                participants, details, newExtra);
    }

    /**
     * A short hash of the event as it is stored (its encoded line): it changes whenever the event does, so an edit
     * can check that a line still holds the event the owner saw.
     */
    public String fingerprint() {
        try {
            byte[] d = java.security.MessageDigest.getInstance("SHA-256").digest(JsonLines.encodeBytes(CODEC.encode(this)));
            return java.util.HexFormat.of().formatHex(d, 0, 6);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
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
