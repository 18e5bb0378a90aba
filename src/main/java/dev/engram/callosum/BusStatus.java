package dev.engram.callosum;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Whether a bus answers at a socket, and the counters its server last wrote.
 *
 * @param socket the socket path probed
 * @param up something accepted a connection there
 * @param stats the contents of {@code callosum.json} when it exists and is a JSON object
 */
public record BusStatus(Path socket, boolean up, Optional<ObjectNode> stats) {
    /** Probes {@code socket} (a connect, closed at once) and reads {@code statsFile}. */
    public static BusStatus probe(Path socket, Path statsFile) {
        Optional<ObjectNode> stats = Optional.empty();
        if (Files.isRegularFile(statsFile)) {
            try {
                JsonNode n = Message.MAPPER.readTree(statsFile.toFile());
                if (n instanceof ObjectNode o) {
                    stats = Optional.of(o);
                }
            } catch (JacksonException e) {
                stats = Optional.empty(); // being rewritten or damaged: report the bus without counters
            }
        }
        return new BusStatus(socket, SocketPaths.answers(socket), stats);
    }

    /** {@code <journal>/health/callosum.json}. */
    public static Path statsFileFor(Path journalRoot) {
        return journalRoot.resolve("health").resolve("callosum.json");
    }
}
