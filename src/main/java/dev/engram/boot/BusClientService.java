package dev.engram.boot;

import dev.engram.app.Health;
import dev.engram.app.Service;
import dev.engram.callosum.CallosumClient;
import dev.engram.callosum.Emitter;
import dev.engram.callosum.Message;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * Engram's own bus client as the {@code bus-client} service, and the one {@link Emitter} apps and Convey share (false
 * while the client is not running). Received messages go to the consumer on the client's reader thread.
 */
final class BusClientService implements Service, Emitter {
    private final Path socket;
    private final Consumer<Message> onMessage;
    private volatile CallosumClient client;

    BusClientService(Path socket, Consumer<Message> onMessage) {
        this.socket = socket;
        this.onMessage = onMessage;
    }

    @Override
    public String name() {
        return "bus-client";
    }

    @Override
    public List<String> dependsOn() {
        return List.of("callosum");
    }

    @Override
    public void start() {
        client = CallosumClient.start(socket, onMessage);
    }

    @Override
    public void stop() {
        CallosumClient c = client;
        client = null;
        if (c != null) {
            c.close();
        }
    }

    @Override
    public boolean emit(Message message) {
        CallosumClient c = client;
        return c != null && c.emit(message);
    }

    @Override
    public Health health() {
        CallosumClient c = client;
        if (c == null) {
            return Health.down("not started");
        }
        return c.isConnected() ? Health.up("connected to " + socket) : Health.degraded("not connected to " + socket
                + " (reconnecting)");
    }
}
