package dev.engram.cli;

import dev.engram.app.HealthFile;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The services part of {@code engram status}: the snapshot a running Engram writes to {@code health/engram.json}. A
 * snapshot written at stop, or not updated for a few intervals (Engram was killed), means "not running".
 */
final class HealthSection {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private HealthSection() {
    }

    /**
     * {@code {"running":..,"snapshot":{...},"problems":[..]}}; {@code snapshot} only when the file exists and is
     * usable, {@code problems} only when it exists and is not.
     */
    static ObjectNode toJson(Path journalRoot, long nowMillis) {
        java.util.List<String> problems = new java.util.ArrayList<>();
        Optional<ObjectNode> snap = HealthFile.read(HealthFile.fileFor(journalRoot), problems::add);
        ObjectNode o = JSON.createObjectNode();
        o.put("running", snap.map(s -> HealthFile.live(s, nowMillis)).orElse(false));
        snap.ifPresent(s -> o.set("snapshot", s));
        problems.forEach(p -> o.withArray("problems").add(p));
        return o;
    }

    static void print(PrintWriter out, Path journalRoot, long nowMillis) {
        java.util.List<String> problems = new java.util.ArrayList<>();
        Optional<ObjectNode> snap = HealthFile.read(HealthFile.fileFor(journalRoot), problems::add);
        if (!problems.isEmpty()) {
            out.println("  engram    unknown: " + problems.get(0));
            return;
        }
        if (snap.isEmpty() || !HealthFile.live(snap.get(), nowMillis)) {
            out.println("  engram    not running" + snap.map(s -> " (last seen " + ago(s, nowMillis) + ")")
                    .orElse(""));
            return;
        }
        ObjectNode s = snap.get();
        out.printf("  engram    %s (pid %d, updated %s)%n", s.path("status").asString(""), s.path("pid").asLong(),
                ago(s, nowMillis));
        for (Map.Entry<String, JsonNode> e : s.path("services").properties()) {
            JsonNode svc = e.getValue();
            String detail = svc.path("detail").asString("");
            long restarts = svc.path("facts").path("restarts").asLong(0);
            if (restarts > 0) {
                detail = detail + " (restarted " + restarts + "x)";
            }
            out.printf("    %-11s %-8s %s%n", e.getKey(), svc.path("status").asString(""), detail);
            if (e.getKey().equals("apps")) {
                printLanes(out, svc.path("facts"));
            }
        }
    }

    private static void printLanes(PrintWriter out, JsonNode lanes) {
        for (Map.Entry<String, JsonNode> lane : lanes.properties()) {
            JsonNode l = lane.getValue();
            long dropped = l.path("dropped").asLong();
            long failures = l.path("handlerFailures").asLong();
            long timeouts = l.path("handlerTimeouts").asLong();
            if (dropped + failures + timeouts > 0) {
                out.printf("      lane %s: %,d event(s) dropped, %,d handler failure(s), %,d timeout(s)%n",
                        lane.getKey(), dropped, failures, timeouts);
            }
        }
    }

    private static String ago(JsonNode s, long nowMillis) {
        long seconds = Math.max(0, (nowMillis - s.path("updated_ms").asLong()) / 1000);
        return seconds < 120 ? seconds + " s ago" : seconds / 60 + " min ago";
    }
}
