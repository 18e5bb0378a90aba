package dev.engram.boot;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * How to run Engram: the journal folder, where Convey listens, optionally another bus socket path, and the
 * environment the providers read their variables from ({@code System.getenv()} unless given, e.g. empty in tests).
 */
public record EngramOptions(Path journal, String host, int port, Optional<Path> socket, Map<String, String> env) {
    public static final int DEFAULT_PORT = 5015;
    public static final String DEFAULT_HOST = "127.0.0.1";

    public EngramOptions {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535: " + port);
        }
        socket = socket == null ? Optional.empty() : socket;
        env = env == null ? System.getenv() : Map.copyOf(env);
    }

    public EngramOptions(Path journal, String host, int port, Optional<Path> socket) {
        this(journal, host, port, socket, System.getenv());
    }

    /** The same options with this environment for the providers. */
    public EngramOptions withEnv(Map<String, String> environment) {
        return new EngramOptions(journal, host, port, socket, environment);
    }
}
