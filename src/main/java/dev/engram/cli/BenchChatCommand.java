package dev.engram.cli;

import dev.engram.boot.Engram;
import dev.engram.boot.EngramOptions;
import dev.engram.convey.Passwords;
import dev.engram.cortex.api.Agents;
import dev.engram.demo.DemoGenerator;
import dev.engram.demo.DemoProgress;
import dev.engram.demo.DemoSpec;
import dev.engram.journal.Journal;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import tools.jackson.databind.json.JsonMapper;

@Command(name = "chat", description = "Measure the chat path's own latency: the time from a chat message to its first"
        + " streamed token, minus the provider's own first-token time. Starts a loopback provider speaking OpenAI's"
        + " streaming wire format with a known first-token delay, and a real Engram (port 0, its own bus socket) on a"
        + " small demo journal in --dir (generated the first time; the bench sets its providers and a random owner"
        + " password, so never point it at a real journal); then, logged in as the owner with plain HTTP, posts each"
        + " message to /app/chat/api/ask and reads /app/chat/api/stream/<id> as the chat page does.")
final class BenchChatCommand implements Callable<Integer> {
    @CommandLine.Option(names = "--dir", paramLabel = "DIR", defaultValue = "target/bench/chat-demo",
            description = "The bench's own demo journal (default target/bench/chat-demo).")
    Path dir;

    @CommandLine.Option(names = "--days", defaultValue = "7", description = "Demo journal: days (default 7).")
    int days;

    @CommandLine.Option(names = "--segments-per-day", defaultValue = "12", description = "Demo journal: segments a"
            + " day (default 12).")
    int segmentsPerDay;

    @CommandLine.Option(names = "--count", defaultValue = "50", description = "Measured messages (default 50).")
    int count;

    @CommandLine.Option(names = "--warmup", defaultValue = "10", description = "Unmeasured messages first (default"
            + " 10).")
    int warmup;

    @CommandLine.Option(names = "--delay-ms", defaultValue = "200", description = "The provider's first-token delay"
            + " (default 200 ms).")
    int delayMs;

    /** Messages whose stream opened after the run had ended: their finish event stood for the first token. */
    private int lateStreams;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (count < 1 || warmup < 0 || delayMs < 0 || delayMs > 60_000) {
            throw new UsageException("--count must be positive, --warmup at least 0 and --delay-ms 0..60000");
        }
        if (days < 1 || days > DemoSpec.MAX_DAYS || segmentsPerDay < 1
                || segmentsPerDay > DemoSpec.MAX_SEGMENTS_PER_DAY) {
            throw new UsageException("--days must be 1.." + DemoSpec.MAX_DAYS + " and --segments-per-day 1.."
                    + DemoSpec.MAX_SEGMENTS_PER_DAY);
        }
        PrintWriter out = spec.commandLine().getOut();
        Journal journal = Journal.open(DemoGenerator.generate(dir, new DemoSpec(days, segmentsPerDay, 7,
                LocalDate.of(2026, 11, 27)),
                false, DemoProgress.NONE).root());
        char[] password = randomPassword();
        Passwords.set(journal, password);
        Path sockets = Files.createTempDirectory(Path.of("/tmp"), "embench");
        try (ChatProviderEmulator provider = new ChatProviderEmulator(delayMs)) {
            configure(journal, provider.baseUrl());
            try (Engram engram = Engram.start(new EngramOptions(journal.root(), "127.0.0.1", 0,
                    Optional.of(sockets.resolve("bus.sock"))))) {
                // the index's first catch-up (and its embeddings) would share the CPU with the measured messages
                BenchMcpCommand.awaitIndex(engram);
                double loadBefore = load();
                ChatBench client = new ChatBench(engram.url());
                Agents agents = engram.service(Agents.class).orElseThrow();
                client.login(password);
                Arrays.fill(password, ' ');
                for (int i = 0; i < warmup; i++) {
                    measure(client, provider, agents, "warm-up " + i);
                }
                double[] total = new double[count];
                double[] overhead = new double[count];
                double[] before = new double[count];
                double[] after = new double[count];
                double[] providerMs = new double[count];
                ChatSample[] samples = new ChatSample[count];
                CpuMeter cpu = new CpuMeter();
                CpuMeter.Snapshot c0 = cpu.snapshot();
                for (int i = 0; i < count; i++) {
                    ChatSample m = measure(client, provider, agents, "message " + i);
                    samples[i] = m;
                    total[i] = m.total();
                    overhead[i] = m.total() - m.providerMs();
                    before[i] = m.toProvider();
                    after[i] = m.afterProvider();
                    providerMs[i] = m.providerMs();
                }
                CpuMeter.Snapshot c1 = cpu.snapshot();
                out.printf(Locale.ROOT, "chat bench: %d messages after %d warm-up messages, one client, sequential,"
                        + " on %s; provider first-token delay %d ms%n", count, warmup, engram.url(), delayMs);
                print(out, "overhead (first token - provider)", overhead);
                print(out, "  message -> provider request", before);
                print(out, "  provider token -> client event", after);
                print(out, "provider first-token time", providerMs);
                print(out, "message -> first token (client)", total);
                // CPU is what load does not change much: the whole process (Engram, the emulated provider, the
                // client) per measured message, then the thread groups that spent the most
                out.printf(Locale.ROOT, "CPU per message (process)         %.2f ms%n",
                        CpuMeter.processMillis(c0, c1) / count);
                CpuMeter.byGroup(c0, c1).entrySet().stream()
                        .sorted(Map.Entry.<String, Double>comparingByValue().reversed()).limit(6)
                        .forEach(g -> out.printf(Locale.ROOT, "  %-31s %.2f ms%n", g.getKey(), g.getValue() / count));
                out.printf(Locale.ROOT, "  load average   %.2f before, %.2f after (%d cores)%n", loadBefore, load(),
                        Runtime.getRuntime().availableProcessors());
                if (lateStreams > 0) {
                    out.printf(Locale.ROOT, "  %d message(s) opened their stream after the run had ended (a loaded"
                            + " machine): their finish event counted as the first token%n", lateStreams);
                }
                ChatSample.printTail(out, samples);
            }
        } finally {
            Files.deleteIfExists(sockets.resolve("bus.sock"));
            Files.deleteIfExists(sockets);
        }
        return 0;
    }

    /**
     * One message and its timeline. Besides the client's clock, the bench follows the run in-process
     * ({@link Agents#subscribe}, right after the POST is answered: a second listener next to the page's stream) to see
     * when Engram itself got the first token from LangChain4j.
     */
    private ChatSample measure(ChatBench client, ChatProviderEmulator provider, Agents agents, String prompt)
            throws IOException, InterruptedException {
        provider.clear();
        long gc0 = ChatSample.gcMillis();
        long jit0 = ChatSample.jitMillis();
        AtomicLong engramToken = new AtomicLong();
        List<Agents.Subscription> subs = new ArrayList<>();
        ChatBench.Timing t = client.message("Bench " + prompt + ": say hello.", 60, id ->
                subs.add(agents.subscribe(id, e -> {
                    if (e.event().equals("token")) {
                        engramToken.compareAndSet(0, System.nanoTime());
                    }
                })));
        subs.forEach(Agents.Subscription::close);
        if (client.late) {
            lateStreams++;
        }
        if (t.error() != null) {
            throw new IllegalStateException("chat bench, " + prompt + ": " + t.error());
        }
        ChatProviderEmulator.Served s = provider.next(5);
        if (s == null) {
            throw new IllegalStateException("chat bench, " + prompt + ": the provider was never asked");
        }
        return new ChatSample(t, s, engramToken.get(), ChatSample.gcMillis() - gc0, ChatSample.jitMillis() - jit0);
    }

    /** The emulated provider as the only endpoint, serving every tier. */
    private static void configure(Journal journal, String baseUrl) {
        String providers = "{\"endpoints\":{\"bench\":{\"type\":\"openai-compatible\",\"base_url\":\"" + baseUrl
                + "\",\"model\":\"" + ChatProviderEmulator.MODEL + "\"}},\"tiers\":{\"fast\":\"bench\","
                + "\"default\":\"bench\",\"strong\":\"bench\"}}";
        journal.updateConfig(c -> new dev.engram.journal.JournalConfig(c.identity(), c.convey(),
                c.extra().with("providers", JsonMapper.builder().build().readTree(providers))));
    }

    private static char[] randomPassword() {
        SecureRandom random = new SecureRandom();
        char[] p = new char[24];
        for (int i = 0; i < p.length; i++) {
            p[i] = (char) ('a' + random.nextInt(26));
        }
        return p;
    }

    private static double load() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    private static void print(PrintWriter out, String what, double[] ms) {
        out.printf(Locale.ROOT, "  %-36s p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms%n", what,
                ChatBench.percentile(ms, 0.50), ChatBench.percentile(ms, 0.90), ChatBench.percentile(ms, 0.99),
                ChatBench.percentile(ms, 1.0));
    }
}
