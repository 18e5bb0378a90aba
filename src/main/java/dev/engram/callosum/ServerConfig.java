package dev.engram.callosum;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * How a {@link CallosumServer} runs.
 *
 * @param socket the Unix socket path
 * @param statsFile where to write the counters as JSON (normally {@code <journal>/health/callosum.json})
 * @param maxLineBytes longer input lines are dropped (default 1 MiB)
 * @param queueMessages per-client outgoing queue capacity in messages
 * @param queueBytes per-client outgoing queue capacity in bytes
 * @param stallGrace how long a client's queue may stay full before the client is disconnected
 * @param maxClients connections beyond this are refused (closed at once, with a log line)
 */
public record ServerConfig(Path socket, Optional<Path> statsFile, int maxLineBytes, int queueMessages,
        long queueBytes, Duration stallGrace, int maxClients) {
    public ServerConfig {
        if (maxLineBytes < 1 || queueMessages < 1 || queueBytes < 1 || maxClients < 1 || stallGrace.isNegative()) {
            throw new IllegalArgumentException("limits must be positive");
        }
    }

    /** The defaults: 1 MiB lines, 16384 messages / 32 MiB per client, 2 s grace, 1024 clients, no stats file. */
    public static ServerConfig of(Path socket) {
        return new ServerConfig(socket, Optional.empty(), 1024 * 1024, 16384, 32L * 1024 * 1024, Duration.ofSeconds(2),
                1024);
    }

    public ServerConfig withStatsFile(Path file) {
        return new ServerConfig(socket, Optional.of(file), maxLineBytes, queueMessages, queueBytes, stallGrace,
                maxClients);
    }

    public ServerConfig withMaxLineBytes(int bytes) {
        return new ServerConfig(socket, statsFile, bytes, queueMessages, queueBytes, stallGrace, maxClients);
    }

    public ServerConfig withQueue(int messages, long bytes) {
        return new ServerConfig(socket, statsFile, maxLineBytes, messages, bytes, stallGrace, maxClients);
    }

    public ServerConfig withStallGrace(Duration grace) {
        return new ServerConfig(socket, statsFile, maxLineBytes, queueMessages, queueBytes, grace, maxClients);
    }
}
