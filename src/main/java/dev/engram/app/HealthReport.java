package dev.engram.app;

import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Every service's health at one moment, and the worst state of them.
 *
 * @param atMillis when it was taken (epoch milliseconds)
 * @param services each service's health, in the order the services were added
 */
public record HealthReport(long atMillis, Map<String, Health> services) {
    static final JsonMapper JSON = JsonMapper.builder().build();

    public HealthReport {
        services = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(services));
    }

    /** The worst state of all services; up when there are none. */
    public Health.State state() {
        Health.State worst = Health.State.UP;
        for (Health h : services.values()) {
            worst = worst.worst(h.state());
        }
        return worst;
    }

    /**
     * {@code {"status":"up","at_ms":..,"services":{"callosum":{"status":"up","detail":"..","facts":{..}}}}}, the
     * shape of {@code /health} and of {@code health/engram.json}.
     */
    public ObjectNode toJson() {
        ObjectNode o = JSON.createObjectNode();
        o.put("status", state().label());
        o.put("at_ms", atMillis);
        ObjectNode all = o.putObject("services");
        services.forEach((name, h) -> {
            ObjectNode s = all.putObject(name);
            s.put("status", h.state().label());
            s.put("detail", h.detail());
            if (!h.facts().isEmpty()) {
                s.set("facts", JSON.valueToTree(h.facts()));
            }
        });
        return o;
    }
}
