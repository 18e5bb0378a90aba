package dev.engram.boot;

import dev.engram.app.Health;
import dev.engram.app.Service;
import dev.engram.callosum.CallosumClient;
import dev.engram.callosum.Emitter;
import dev.engram.callosum.Message;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Engram's own bus client as the {@code bus-client} service, and the one {@link Emitter} apps and Convey share (false
 * while the client is not running). Received messages go to the consumer on the client's reader thread.
 *
 * <p>Its losses are shown in health ({@code connections_lost}, {@code send_dropped}, {@code receive_skipped};
 * degraded for a minute after one grows). After a reconnect the consumer (apps and browsers) gets a local
 * {@code {"tract":"callosum","event":"reconnected","lost":N}} message, once per reconnect, before the next bus message
 * (or at the next health check): messages sent while the connection was down may have been missed.
 */
final class BusClientService implements Service, Emitter {
    private static final Logger LOG = LoggerFactory.getLogger(BusClientService.class);
    static final long DEGRADED_FOR_NANOS = TimeUnit.MINUTES.toNanos(1);
    private final Path socket;
    private final Consumer<Message> onMessage;
    private volatile CallosumClient client;
    private final AtomicLong toldLost = new AtomicLong();
    private volatile long lossesSeen;
    private volatile long lastGrowthNanos;
    private volatile boolean grew;

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
        toldLost.set(0);
        lossesSeen = 0;
        grew = false;
        client = CallosumClient.start(socket, m -> {
            tellReconnect();
            onMessage.accept(m);
        });
    }

    /** After a reconnect (connected again, more connections lost than told): one local {@code reconnected}. */
    private void tellReconnect() {
        CallosumClient c = client;
        if (c == null || !c.isConnected()) {
            return;
        }
        long lost = c.connectionsLost();
        long told = toldLost.get();
        if (lost > told && toldLost.compareAndSet(told, lost)) {
            LOG.info("reconnected to the bus at {} after {} lost connection(s); apps and browsers are told they may"
                    + " have missed messages", socket, lost);
            onMessage.accept(Message.of("callosum", "reconnected", Map.of("lost", lost)));
        }
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
        tellReconnect();
        long losses = c.connectionsLost() + c.sendDropped() + c.receiveSkipped();
        if (losses > lossesSeen) {
            lossesSeen = losses;
            lastGrowthNanos = System.nanoTime();
            grew = true;
        }
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("connections_lost", c.connectionsLost());
        facts.put("send_dropped", c.sendDropped());
        facts.put("receive_skipped", c.receiveSkipped());
        Health h;
        if (!c.isConnected()) {
            h = Health.degraded("not connected to " + socket + " (reconnecting)");
        } else if (grew && System.nanoTime() - lastGrowthNanos < DEGRADED_FOR_NANOS) {
            h = Health.degraded("connected to " + socket + "; lost " + c.connectionsLost() + " connection(s), dropped "
                    + c.sendDropped() + " message(s) to send, skipped " + c.receiveSkipped() + " received");
        } else {
            h = Health.up("connected to " + socket);
        }
        return h.withFacts(facts);
    }
}
