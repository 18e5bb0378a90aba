package dev.engram.cli;

import dev.engram.callosum.BusStatus;
import dev.engram.callosum.SocketPaths;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine;

/** The {@code --socket PATH} option: where the Callosum bus socket is. */
final class SocketOption {
    @CommandLine.Option(names = "--socket", paramLabel = "PATH", description = "The bus socket (default: $"
            + SocketPaths.ENV + ", else the socket of the Engram running on the journal, else"
            + " <journal>/health/callosum.sock).")
    Path socket;

    /** Where a bus is to be served: {@code --socket}, else $ENGRAM_CALLOSUM_SOCKET, else the journal's default. */
    Path resolve(Path journalRoot) {
        return SocketPaths.resolve(Optional.ofNullable(socket), System.getenv(), journalRoot);
    }

    /**
     * Where a client finds the bus: as {@link #resolve}, except that with neither the option nor the variable, the
     * socket of a bus running on this journal elsewhere ({@code engram start --socket P}, recorded in
     * {@code health/callosum.json}) comes before the default path.
     */
    Path client(Path journalRoot) {
        if (socket == null && (System.getenv(SocketPaths.ENV) == null || System.getenv(SocketPaths.ENV).isBlank())) {
            Optional<Path> elsewhere = BusStatus.runningElsewhere(journalRoot);
            if (elsewhere.isPresent()) {
                return elsewhere.get();
            }
        }
        return resolve(journalRoot);
    }

    static String noBus(Path socket) {
        return "no bus at " + socket + ": start it with 'engram callosum serve' or 'engram start'";
    }
}
