package dev.engram.cli;

import dev.engram.callosum.CallosumClient;
import dev.engram.callosum.CallosumException;
import dev.engram.callosum.Message;
import dev.engram.callosum.SocketPaths;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "listen", description = "Print bus messages as JSON lines (optionally only one tract/event); with"
        + " --count, exit after that many.")
final class CallosumListenCommand implements java.util.concurrent.Callable<Integer> {
    @CommandLine.Mixin
    JournalOption journalOption;

    @CommandLine.Mixin
    SocketOption socketOption;

    @CommandLine.Option(names = "--tract", paramLabel = "T", description = "Only messages of this tract.")
    String tract;

    @CommandLine.Option(names = "--event", paramLabel = "E", description = "Only messages with this event.")
    String event;

    @CommandLine.Option(names = "--count", paramLabel = "N", description = "Exit after N matching messages.")
    long count;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        if (count < 0) {
            throw new UsageException("--count must not be negative");
        }
        Path socket = socketOption.client(journalOption.location().root());
        if (!SocketPaths.answers(socket)) {
            throw new CallosumException(SocketOption.noBus(socket));
        }
        PrintWriter out = spec.commandLine().getOut();
        CountDownLatch done = new CountDownLatch(1);
        AtomicLong seen = new AtomicLong();
        try (CallosumClient client = CallosumClient.start(socket, m -> print(m, out, seen, done))) {
            done.await();
        }
        return 0;
    }

    private void print(Message m, PrintWriter out, AtomicLong seen, CountDownLatch done) {
        if ((tract != null && !tract.equals(m.tract())) || (event != null && !event.equals(m.event()))) {
            return;
        }
        if (count > 0 && seen.get() >= count) {
            return;
        }
        out.println(m.toJson());
        out.flush();
        if (count > 0 && seen.incrementAndGet() >= count) {
            done.countDown();
        }
    }
}
