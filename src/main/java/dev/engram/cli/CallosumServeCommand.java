package dev.engram.cli;

import dev.engram.callosum.BusStatus;
import dev.engram.callosum.CallosumServer;
import dev.engram.callosum.ServerConfig;
import dev.engram.journal.Journal;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "serve", description = "Run the bus in the foreground until Ctrl-C or SIGTERM (the socket is removed"
        + " on the way out). Counters go to <journal>/health/callosum.json.")
final class CallosumServeCommand implements Callable<Integer> {
    @CommandLine.Mixin
    JournalOption journalOption;

    @CommandLine.Mixin
    SocketOption socketOption;

    @CommandLine.Option(names = "--max-line-bytes", paramLabel = "N", defaultValue = "1048576",
            description = "Drop input lines longer than this (default: ${DEFAULT-VALUE}).")
    int maxLineBytes;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        if (maxLineBytes < 1) {
            throw new UsageException("--max-line-bytes must be positive");
        }
        Journal journal = journalOption.open();
        Path socket = socketOption.resolve(journal.root());
        // the hook is registered before the socket exists, so a SIGTERM right after start still removes it
        AtomicReference<CallosumServer> running = new AtomicReference<>();
        Thread hook = new Thread(() -> {
            synchronized (running) {
                Optional.ofNullable(running.get()).ifPresent(CallosumServer::close);
            }
        }, "callosum-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        CallosumServer server;
        synchronized (running) {
            server = CallosumServer.start(ServerConfig.of(socket)
                    .withStatsFile(BusStatus.statsFileFor(journal.root())).withMaxLineBytes(maxLineBytes));
            running.set(server);
        }
        spec.commandLine().getOut().println("Callosum bus on " + socket + " (Ctrl-C to stop)");
        spec.commandLine().getOut().flush();
        server.awaitClosed();
        if (server.failure().isPresent()) {
            spec.commandLine().getErr().println("engram callosum serve: the bus stopped after an internal error: "
                    + server.failure().get() + " (details in the log)");
            return 1;
        }
        return 0;
    }
}
