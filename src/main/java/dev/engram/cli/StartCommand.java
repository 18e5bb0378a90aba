package dev.engram.cli;

import dev.engram.boot.Engram;
import dev.engram.boot.EngramOptions;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "start", description = "Run Engram: the Callosum bus, the app event dispatcher and the web UI, in one"
        + " process, until Ctrl-C or SIGTERM.")
final class StartCommand implements Callable<Integer> {
    @CommandLine.Mixin
    JournalOption journalOption;

    @CommandLine.Option(names = "--port", paramLabel = "PORT", defaultValue = "5015",
            description = "Web UI port (default: ${DEFAULT-VALUE}; 0 picks a free one).")
    int port;

    @CommandLine.Option(names = "--host", paramLabel = "HOST", defaultValue = "127.0.0.1",
            description = "Address to listen on (default: ${DEFAULT-VALUE}, this machine only).")
    String host;

    @CommandLine.Mixin
    SocketOption socketOption;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        if (port < 0 || port > 65535) {
            throw new UsageException("invalid --port " + port + ": use 1..65535, or 0 for any free port");
        }
        PrintWriter out = spec.commandLine().getOut();
        Path root = journalOption.location().root();
        Engram engram = Engram.start(new EngramOptions(root, host, port, Optional.of(socketOption.resolve(root))));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            engram.close();
            stopped.countDown();
        }, "engram-shutdown"));
        out.println("Engram is running at " + engram.url() + "  (bus: " + engram.socket() + "; Ctrl-C stops it)");
        out.flush();
        while (!stopped.await(500, TimeUnit.MILLISECONDS)) {
            Optional<String> fatal = engram.fatal();
            if (fatal.isPresent()) {
                LoggerFactory.getLogger(StartCommand.class).error("Engram cannot go on: {}", fatal.get());
                engram.close(); // idempotent: the shutdown hook's close at exit does nothing more
                spec.commandLine().getErr().println("error: " + fatal.get());
                spec.commandLine().getErr().flush();
                return 1;
            }
        }
        return 0;
    }
}
