package dev.engram.observe.ingest;

import dev.engram.journal.Day;
import dev.engram.journal.Journal;
import dev.engram.journal.SegmentKey;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The sync check's answer, from one observer's history of a day: {@code [{key, observed, files[{name, size, sha256,
 * submitted_name?, status}], original_key?}]} sorted by key; files deduplicated by sha256 (the latest record wins);
 * a file is {@code present} when it is in its segment folder with its size, else {@code missing}.
 */
final class Segments {
    private Segments() {
    }

    static List<Map<String, Object>> list(Journal journal, List<ObjectNode> records, Day day, String stream) {
        Set<String> observed = new HashSet<>();
        TreeMap<String, ObjectNode> latest = new TreeMap<>();
        for (ObjectNode r : records) {
            String seg = r.path("segment").asString("");
            if ("observed".equals(r.path("type").asString(""))) {
                observed.add(seg);
            } else if (r.has("files") && (stream == null || stream.isBlank()
                    || stream.equals(r.path("stream").asString("")))) {
                latest.put(seg, r);
            }
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (Map.Entry<String, ObjectNode> e : latest.entrySet()) {
            ObjectNode r = e.getValue();
            Map<String, Object> seg = new LinkedHashMap<>();
            seg.put("key", e.getKey());
            seg.put("observed", observed.contains(e.getKey()));
            Map<String, Map<String, Object>> bySha = new LinkedHashMap<>();
            for (JsonNode f : r.path("files")) {
                String name = f.path("written").asString("");
                Map<String, Object> fo = new LinkedHashMap<>();
                fo.put("name", name);
                fo.put("size", f.path("size").asLong(0));
                fo.put("sha256", f.path("sha256").asString(""));
                String submitted = f.path("submitted").asString("");
                if (!submitted.isEmpty() && !submitted.equals(name)) {
                    fo.put("submitted_name", submitted);
                }
                fo.put("status", present(journal, day, e.getKey(), name, f.path("size").asLong(-1)) ? "present"
                        : "missing");
                bySha.put(f.path("sha256").asString(name), fo);
            }
            seg.put("files", new ArrayList<>(bySha.values()));
            if (r.has("segment_original")) {
                seg.put("original_key", r.path("segment_original").asString(""));
            }
            out.add(seg);
        }
        return out;
    }

    private static boolean present(Journal journal, Day day, String seg, String name, long size) {
        return SegmentKey.tryParse(seg).flatMap(k -> journal.days().segment(day, k)).map(s -> {
            Path p = s.dir().resolve(name);
            try {
                return p.getParent().equals(s.dir()) && Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)
                        && Files.size(p) == size;
            } catch (java.io.IOException ex) {
                return false;
            }
        }).orElse(false);
    }
}
