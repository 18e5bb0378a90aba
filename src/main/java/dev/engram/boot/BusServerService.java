package dev.engram.boot;

import dev.engram.app.Health;
import dev.engram.app.Service;
import dev.engram.callosum.CallosumServer;
import dev.engram.callosum.CallosumStats;
import dev.engram.callosum.ServerConfig;
import java.util.LinkedHashMap;
import java.util.Map;

/** The Callosum bus server as the {@code callosum} service. */
final class BusServerService implements Service {
    private final ServerConfig config;
    private volatile CallosumServer server;
    private volatile boolean stopping;

    BusServerService(ServerConfig config) {
        this.config = config;
    }

    @Override
    public String name() {
        return "callosum";
    }

    @Override
    public void start() {
        stopping = false;
        server = CallosumServer.start(config);
    }

    /**
     * Why the bus stopped by itself (its I/O or accept thread died), when it did: it cannot come back without a
     * restart, so {@code engram start} stops everything and exits 1. Empty while running and after a normal stop.
     */
    java.util.Optional<String> fatal() {
        CallosumServer s = server;
        if (s == null || stopping || s.isRunning()) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of("the bus (callosum) stopped by itself: " + s.failure().map(String::valueOf)
                .orElse("closed") + "; restart engram");
    }

    /** The running server (tests reach its fault hook through it). */
    CallosumServer server() {
        return server;
    }

    @Override
    public void stop() {
        stopping = true;
        CallosumServer s = server;
        if (s != null) {
            s.close();
        }
    }

    @Override
    public Health health() {
        CallosumServer s = server;
        if (s == null) {
            return Health.down("not started");
        }
        if (!s.isRunning()) {
            return Health.down(s.failure().map(f -> "the bus stopped by itself: " + f)
                    .orElse("the bus is closed"));
        }
        CallosumStats st = s.stats();
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("clients_connected", st.clientsConnected());
        facts.put("messages_in", st.messagesIn());
        facts.put("delivered", st.delivered());
        facts.put("undelivered", st.undelivered());
        facts.put("clients_dropped", st.clientsDropped());
        facts.put("invalid_lines", st.droppedTotal());
        return Health.up("listening on " + config.socket()).withFacts(facts);
    }
}
