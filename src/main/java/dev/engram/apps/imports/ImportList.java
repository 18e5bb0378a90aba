package dev.engram.apps.imports;

import dev.engram.journal.Journal;
import dev.engram.observe.api.Imports;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The list of imports, the most recently imported first (at most {@link #MAX}; {@code more} counts the older ones left
 * out): {@code {imports[{id, original_filename, file_type, status, created, facet, events, notes, error?,
 * segments[{day, segment, url}]}], more, extensions[], facets[]}}.
 */
final class ImportList {
    static final int MAX = 200;
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final Journal journal;

    ImportList(Journal journal) {
        this.journal = journal;
    }

    ObjectNode list(Imports importer) {
        ObjectNode out = JSON.createObjectNode();
        ArrayNode items = out.putArray("imports");
        // The id is the recording's time (--timestamp, or the file's date), not when it was imported: an old
        // recording imported today must still come first, so the order is by the record's creation time.
        List<Entry> all = new ArrayList<>();
        for (String id : journal.imports().ids()) {
            entry(id).ifPresent(all::add);
        }
        all.sort(Comparator.comparingLong(Entry::importedAt).thenComparing(e -> e.item().path("id").asString(""))
                .reversed());
        all.stream().limit(MAX).forEach(e -> items.add(e.item()));
        out.put("more", Math.max(0, all.size() - MAX));
        ArrayNode ext = out.putArray("extensions");
        importer.extensions().forEach(ext::add);
        ArrayNode facets = out.putArray("facets");
        journal.facets().forEach(f -> facets.add(f.name()));
        return out;
    }

    Optional<ObjectNode> item(String id) {
        return entry(id).map(Entry::item);
    }

    /**
     * An import's list item and when it was imported, in epoch milliseconds: {@code upload_timestamp}, which the
     * reference writes too, else {@code upload_datetime} (whole seconds, so two imports of one second would tie)
     * read in this machine's zone, else the earliest time there is.
     */
    private record Entry(ObjectNode item, long importedAt) {
        static long millisOf(JsonNode r) {
            if (r.path("upload_timestamp").canConvertToLong()) {
                return r.path("upload_timestamp").asLong();
            }
            try {
                return LocalDateTime.parse(r.path("upload_datetime").asString("")).atZone(ZoneId.systemDefault())
                        .toInstant().toEpochMilli();
            } catch (DateTimeParseException e) {
                return Long.MIN_VALUE;
            }
        }
    }

    private Optional<Entry> entry(String id) {
        if (!dev.engram.journal.Imports.isId(id)) {
            return Optional.empty();
        }
        Optional<ObjectNode> rec = journal.imports().record(id);
        ObjectNode o = JSON.createObjectNode();
        o.put("id", id);
        if (rec.isEmpty()) {
            o.put("status", "unreadable");
            o.put("original_filename", "");
            o.putArray("segments");
            return Optional.of(new Entry(o, Long.MIN_VALUE));
        }
        ObjectNode r = rec.get();
        o.put("original_filename", r.path("original_filename").asString(""));
        o.put("file_type", r.path("file_type").asString(""));
        o.put("status", r.path("status").asString("unknown"));
        o.put("created", r.path("upload_datetime").asString(""));
        o.put("facet", r.path("facet").isString() ? r.path("facet").asString() : null);
        o.put("events", r.path("events").asInt(0));
        o.set("notes", r.path("notes").isArray() ? r.path("notes") : JSON.createArrayNode());
        if (r.path("progress").isObject()) {
            o.set("progress", r.path("progress"));
        }
        if (r.hasNonNull("error")) {
            o.put("error", r.path("error").asString(""));
        }
        ArrayNode segs = o.putArray("segments");
        for (JsonNode s : r.path("segments")) {
            String text = s.asString("");
            if (text.length() > 9 && text.charAt(8) == '/') {
                String day = text.substring(0, 8);
                String seg = text.substring(9);
                segs.addObject().put("day", day).put("segment", seg)
                        .put("url", "/app/transcripts/" + day + "?segment=" + seg);
            }
        }
        return Optional.of(new Entry(o, Entry.millisOf(r)));
    }
}
