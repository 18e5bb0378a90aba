package dev.engram.cli;

import dev.engram.callosum.SocketPaths;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine;

/** The {@code --socket PATH} option: where the Callosum bus socket is. */
final class SocketOption {
    @CommandLine.Option(names = "--socket", paramLabel = "PATH", description = "The bus socket (default: $"
            + SocketPaths.ENV + ", else <journal>/health/callosum.sock).")
    Path socket;

    Path resolve(Path journalRoot) {
        return SocketPaths.resolve(Optional.ofNullable(socket), System.getenv(), journalRoot);
    }

    static String noBus(Path socket) {
        return "no bus at " + socket + ": start it with 'engram callosum serve' or 'engram start'";
    }
}
