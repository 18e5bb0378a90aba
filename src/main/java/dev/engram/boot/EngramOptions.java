package dev.engram.boot;

import java.nio.file.Path;
import java.util.Optional;

/** How to run Engram: the journal folder, where Convey listens, and optionally another bus socket path. */
public record EngramOptions(Path journal, String host, int port, Optional<Path> socket) {
    public static final int DEFAULT_PORT = 5015;
    public static final String DEFAULT_HOST = "127.0.0.1";

    public EngramOptions {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535: " + port);
        }
        socket = socket == null ? Optional.empty() : socket;
    }
}
