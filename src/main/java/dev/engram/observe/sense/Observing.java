package dev.engram.observe.sense;

import dev.engram.callosum.Message;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * An {@code observe.observing} bus message as sense reads it (K2, spec §1/§8): {day, segment, files:[names]} and
 * the origin it passes on to every event about the segment ({@code remote}, {@code observer}, {@code stream} when
 * present). Other fields ({@code host}, {@code platform}) are not carried.
 *
 * <p><b>Threads:</b> an immutable value, read on the bus app's lane.
 *
 * <p><b>Failures:</b> a message without a day, a segment or a {@code files} array is no {@code Observing} (empty:
 * {@link Sense} rejects it, counted and logged); entries of {@code files} that are not strings are left out.
 */
record Observing(String day, String segment, List<String> files, Map<String, Object> origin) {

    static Optional<Observing> of(Message m) {
        Optional<String> day = m.string("day");
        Optional<String> segment = m.string("segment");
        Optional<JsonNode> files = m.get("files");
        if (day.isEmpty() || segment.isEmpty() || files.isEmpty() || !files.get().isArray()) {
            return Optional.empty();
        }
        List<String> names = new ArrayList<>();
        for (JsonNode f : files.get()) {
            if (f.isString()) {
                names.add(f.stringValue());
            }
        }
        Map<String, Object> origin = new LinkedHashMap<>();
        for (String k : List.of("remote", "observer", "stream")) {
            m.string(k).ifPresent(v -> origin.put(k, v));
        }
        return Optional.of(new Observing(day.get(), segment.get(), names, origin));
    }
}
