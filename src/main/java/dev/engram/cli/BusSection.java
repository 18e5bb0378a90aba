package dev.engram.cli;

import dev.engram.callosum.BusStatus;
import java.io.PrintWriter;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** The Callosum part of {@code engram status}: whether the bus answers, and its last written counters. */
final class BusSection {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private BusSection() {
    }

    /** {@code {"up":..,"socket":..,"stats":{...}}}; {@code stats} only when the server wrote its counters. */
    static ObjectNode toJson(BusStatus bus) {
        ObjectNode o = JSON.createObjectNode();
        o.put("up", bus.up());
        o.put("socket", bus.socket().toString());
        bus.stats().ifPresent(s -> o.set("stats", s));
        bus.statsProblem().ifPresent(p -> o.put("stats_problem", p));
        return o;
    }

    static void print(PrintWriter out, BusStatus bus) {
        if (!bus.up()) {
            out.println("  bus       not running (" + bus.socket() + ")");
            return;
        }
        out.print("  bus       up at " + bus.socket());
        bus.stats().ifPresentOrElse(s -> out.printf(": %d clients, %,d messages in, %,d delivered, %,d dropped,"
                + " %d slow clients disconnected%n", n(s, "clients_connected"), n(s, "messages_in"), n(s, "delivered"),
                dropped(s), n(s, "clients_dropped")), out::println);
        bus.statsProblem().ifPresent(p -> out.println("            counters not shown: " + p));
    }

    private static long n(JsonNode s, String field) {
        JsonNode v = s.get(field);
        return v != null && v.isNumber() ? v.asLong() : 0;
    }

    private static long dropped(JsonNode s) {
        long total = 0;
        JsonNode d = s.get("dropped");
        if (d != null) {
            for (JsonNode v : d.values()) {
                total += v.isNumber() ? v.asLong() : 0;
            }
        }
        return total;
    }
}
