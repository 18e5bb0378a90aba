package dev.engram.cli;

import dev.engram.callosum.CallosumBench;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "callosum", description = "Load-test the bus: an in-process server on a temporary socket with real"
        + " client sockets; prints messages/s in, deliveries/s, latency and loss.")
final class BenchCallosumCommand implements Callable<Integer> {
    @CommandLine.Option(names = "--senders", defaultValue = "1", description = "Sending clients (default: 1).")
    int senders;

    @CommandLine.Option(names = "--receivers", defaultValue = "3", description = "Receiving clients (default: 3).")
    int receivers;

    @CommandLine.Option(names = "--size", defaultValue = "1024", description = "Bytes per message (default: 1024).")
    int size;

    @CommandLine.Option(names = "--count", defaultValue = "300000",
            description = "Messages per sender (default: 300000).")
    int count;

    @CommandLine.Option(names = "--rate", defaultValue = "0",
            description = "Total messages/s, paced; 0 = as fast as the receivers keep up (default: 0).")
    int rate;

    @CommandLine.Option(names = "--window", defaultValue = "4096",
            description = "Unpaced senders stay at most this many messages ahead of the slowest receiver.")
    int window;

    @CommandLine.Option(names = "--warmup-ms", defaultValue = "3000", description = "Send (paced or windowed the"
            + " same way) for this long before the measured messages; warm-up messages are not timed (default: 3000).")
    int warmupMs;

    @CommandLine.Option(names = "--stalled-reader", description = "Also connect a client that never reads.")
    boolean stalledReader;

    @CommandLine.Option(names = "--slow-reader", description = "Also connect a receiver that reads slowly but steadily"
            + " (see --slow-rate) and is outside the senders' window: it must still see every sequence number.")
    boolean slowReader;

    @CommandLine.Option(names = "--slow-rate", defaultValue = "10000",
            description = "Messages/s the slow reader takes, in 16 KB reads (default: 10000).")
    int slowRate;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        CallosumBench.Options o;
        try {
            if (slowReader && slowRate < 1) {
                throw new IllegalArgumentException("--slow-rate must be positive");
            }
            o = new CallosumBench.Options(senders, receivers, size, count, rate, stalledReader, window, warmupMs,
                    slowReader ? slowRate : 0);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        CallosumBench.Result r = CallosumBench.run(o);
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "callosum bench: %d sender(s), %d receiver(s)%s, %d-byte messages, %s%n", senders,
                receivers, (stalledReader ? " + 1 stalled reader" : "")
                        + (slowReader ? " + 1 slow reader (" + slowRate + " msg/s)" : ""), size,
                rate > 0 ? "paced at " + rate + " msg/s" : "unpaced (window " + window + ")");
        out.printf(Locale.ROOT, "  messages in   %,d in %.2f s = %,.0f msg/s%n", r.messagesIn(), r.seconds(),
                r.messagesInPerSecond());
        out.printf(Locale.ROOT, "  deliveries    %,d of %,d = %,.0f /s%n", r.received(), r.expected(),
                r.deliveriesPerSecond());
        out.printf(Locale.ROOT, "  latency       p50 %.0f us, p99 %.0f us, p99.9 %.0f us, max %.0f us (write to read,"
                + " after %d ms of warm-up)%n", r.p50Micros(), r.p99Micros(), r.p999Micros(), r.maxMicros(), warmupMs);
        if (rate > 0) {
            out.printf(Locale.ROOT, "  sender lag    p99 %.0f us, max %.0f us (how late the sender wrote against its"
                    + " schedule; not in the latency)%n", r.senderLagP99Micros(), r.senderLagMaxMicros());
        }
        out.printf(Locale.ROOT, "  lost          %,d (%.3f%%), sequence gaps %,d (every receiver checks every sender's"
                + " sequence numbers)%n", r.lost(), 100.0 * r.lost() / r.expected(), r.gaps());
        if (slowReader) {
            out.printf(Locale.ROOT, "  slow reader   %,d of %,d measured messages (not in the latency figures)%n",
                    r.slowReceived(), (long) senders * count);
        }
        out.printf(Locale.ROOT, "  server        undelivered %,d, clients dropped %d%n", r.server().undelivered(),
                r.server().clientsDropped());
        return 0;
    }
}
