package dev.engram.callosum;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.node.ObjectNode;

/**
 * Whether a bus answers at a socket, and the counters its server last wrote.
 *
 * @param socket the socket path probed
 * @param up something accepted a connection there
 * @param stats the contents of {@code callosum.json} when it exists, is at most {@link #MAX_STATS_BYTES} and is a
 *     JSON object
 * @param statsProblem why {@code callosum.json} exists but was not read (too large, unreadable, not a JSON object)
 */
public record BusStatus(Path socket, boolean up, Optional<ObjectNode> stats, Optional<String> statsProblem) {
    /** {@code callosum.json} is a few hundred bytes; a larger file than this is refused, not read. */
    public static final int MAX_STATS_BYTES = 1024 * 1024;

    public BusStatus(Path socket, boolean up, Optional<ObjectNode> stats) {
        this(socket, up, stats, Optional.empty());
    }

    /** Probes {@code socket} (a connect, closed at once) and reads {@code statsFile} (at most 1 MiB). */
    public static BusStatus probe(Path socket, Path statsFile) {
        BusStatus read = read(socket, statsFile);
        return new BusStatus(socket, SocketPaths.answers(socket), read.stats(), read.statsProblem());
    }

    /** Reads {@code statsFile} (at most 1 MiB) without connecting to {@code socket} ({@code up} is false). */
    private static BusStatus read(Path socket, Path statsFile) {
        Optional<ObjectNode> stats = Optional.empty();
        Optional<String> problem = Optional.empty();
        if (Files.isRegularFile(statsFile)) {
            try (InputStream in = Files.newInputStream(statsFile)) {
                byte[] b = in.readNBytes(MAX_STATS_BYTES + 1); // never more, however large the file is
                if (b.length > MAX_STATS_BYTES) {
                    problem = Optional.of(statsFile + " is larger than " + MAX_STATS_BYTES
                            + " bytes (1 MiB), so it was not read; the bus server rewrites it while it runs");
                } else if (Message.MAPPER.readTree(b) instanceof ObjectNode o) {
                    stats = Optional.of(o);
                } else {
                    problem = Optional.of(statsFile + " is not a JSON object");
                }
            } catch (JacksonException e) {
                problem = Optional.of(statsFile + " is not valid JSON: " + e.getOriginalMessage());
            } catch (IOException e) {
                problem = Optional.of("cannot read " + statsFile + ": " + e);
            }
        }
        return new BusStatus(socket, false, stats, problem);
    }

    /**
     * The socket of the bus serving this journal elsewhere than its default path ({@code engram start --socket P}):
     * the {@code socket} its server recorded in {@code callosum.json}, when the file says {@code running} and that
     * path is a socket; else empty. Clients that were given no socket look here before the default path. Nothing is
     * connected to: a client about to connect (and a test counting its connections) must be the only one.
     */
    public static Optional<Path> runningElsewhere(Path journalRoot) {
        Optional<ObjectNode> stats = read(SocketPaths.defaultFor(journalRoot), statsFileFor(journalRoot)).stats();
        return stats.filter(o -> o.path("running").asBoolean(false) && o.path("socket").isString())
                .map(o -> Path.of(o.path("socket").asString()))
                .filter(p -> p.isAbsolute() && !p.equals(SocketPaths.defaultFor(journalRoot).toAbsolutePath()))
                .filter(SocketPaths::isSocket);
    }

    /** {@code <journal>/health/callosum.json}. */
    public static Path statsFileFor(Path journalRoot) {
        return journalRoot.resolve("health").resolve("callosum.json");
    }
}
