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

    BusServerService(ServerConfig config) {
        this.config = config;
    }

    @Override
    public String name() {
        return "callosum";
    }

    @Override
    public void start() {
        server = CallosumServer.start(config);
    }

    @Override
    public void stop() {
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
