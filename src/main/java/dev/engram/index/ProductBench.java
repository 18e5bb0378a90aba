package dev.engram.index;

import dev.engram.journal.Journal;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code engram bench index} measuring each phase the way the product runs it, in child JVMs started through the
 * launcher ({@code bin/engram}) itself, so the bench gets exactly the JVM flags the product gets and cannot drift from
 * them: the full rebuild and the no-change catch-up are {@code bin/engram index [--rebuild]} (short commands: C1 only);
 * the catch-up, new segments and idle memory of a running Engram are {@link StartPhase} in a child started as
 * {@code bin/engram bench index --phase start} (which the launcher, like {@code start}, runs with tiered compilation
 * and the idle GC/trim flags). Each child's CPU comes from {@code bash}'s {@code times} (user + system of the whole
 * child, JVM start included), its peak RSS from {@code /proc} while it runs.
 */
final class ProductBench {
    private static final Pattern TIME = Pattern.compile("(\\d+)m([0-9.]+)s\\s+(\\d+)m([0-9.]+)s");
    private final Journal journal;
    private final Path launcher;
    private final PrintWriter out;

    ProductBench(Journal journal, Path launcher, PrintWriter out) {
        this.journal = journal;
        this.launcher = launcher;
        this.out = out;
    }

    /** What a child did: its standard output, wall seconds (JVM start included), CPU seconds and peak RSS in MB. */
    record Run(String stdout, double wall, double cpu, long peakMb) {
    }

    void run(int embedSample, int segments, int idleSeconds) {
        String j = journal.root().toString();
        out.printf(Locale.ROOT, "method: each phase in a child JVM started through %s (its JVM flags: short commands"
                + " C1 only, start/bench tiered with the idle GC/trim flags); CPU = the child's user + system time,"
                + " JVM start included; load average %s%n", launcher, IndexBench.load());
        long journalBytes = IndexBench.bytes(journal.root(), true);
        out.printf(Locale.ROOT, "journal %s: %.1f MB (without indexes/)%n", j, journalBytes / 1e6);
        out.flush();
        child("index", "--journal", j, "--json", "--progress", "none"); // warm-up: CDS archive, page cache, index current
        Run full = child("index", "--rebuild", "--journal", j, "--json", "--progress", "none");
        out.printf(Locale.ROOT, "full keyword index as `engram index --rebuild` runs it (C1 only): %s; %.2f s end to"
                        + " end (JVM start included), %.2f s CPU, peak RSS %d MB; load average %s%n", summary(full),
                full.wall(), full.cpu(), full.peakMb(), IndexBench.load());
        long indexBytes = IndexBench.bytes(new IndexFolder(journal.root()).dir(), false);
        out.printf(Locale.ROOT, "index %.1f MB = %.1f%% of the journal%n", indexBytes / 1e6,
                100.0 * indexBytes / journalBytes);
        Run same = child("index", "--journal", j, "--json", "--progress", "none");
        out.printf(Locale.ROOT, "catch-up with nothing changed as `engram index` runs it (C1 only): %s; %.2f s end to"
                + " end (JVM start and opening included), %.2f s CPU; load average %s%n", summary(same), same.wall(),
                same.cpu(), IndexBench.load());
        out.flush();
        Run start = child("bench", "index", "--journal", j, "--phase", "start", "--segments",
                String.valueOf(segments), "--embed-sample", String.valueOf(embedSample), "--idle-seconds",
                String.valueOf(idleSeconds));
        start.stdout().lines().forEach(l -> out.println("  " + l));
        out.printf(Locale.ROOT, "(the start-configuration child: %.1f s wall, %.2f s CPU in all, peak RSS %d MB)%n",
                start.wall(), start.cpu(), start.peakMb());
        out.flush();
    }

    private static String summary(Run r) {
        String s = r.stdout().strip();
        Matcher m = Pattern.compile("\"indexed\":(\\d+),\"chunks\":(\\d+),\"unchanged\":(\\d+).*\"millis\":(\\d+)")
                .matcher(s);
        return m.find() ? m.group(1) + " files indexed (" + m.group(2) + " chunks), " + m.group(3) + " unchanged in "
                + m.group(4) + " ms as the command reports it" : s;
    }

    /** Runs {@code bin/engram ARGS} under bash, which prints the child's CPU times ({@code times}) on stderr. */
    Run child(String... args) {
        List<String> cmd = new ArrayList<>(List.of("bash", "-c", "\"$@\"; rc=$?; times >&2; exit $rc", "bench",
                launcher.toString()));
        cmd.addAll(List.of(args));
        try {
            long t0 = System.nanoTime();
            Process p = new ProcessBuilder(cmd).start();
            p.getOutputStream().close();
            CompletableFuture<String> stdout = read(p.getInputStream());
            CompletableFuture<String> stderr = read(p.getErrorStream());
            long peak = 0;
            while (!p.waitFor(100, java.util.concurrent.TimeUnit.MILLISECONDS)) {
                peak = Math.max(peak, p.descendants().mapToLong(h -> IndexBench.peakKb(h.pid())).max().orElse(0));
            }
            double wall = (System.nanoTime() - t0) / 1e9;
            String err = stderr.join();
            if (p.exitValue() != 0) {
                throw new IllegalStateException("bin/engram " + String.join(" ", args) + " failed (exit "
                        + p.exitValue() + "): " + err.strip());
            }
            Matcher m = TIME.matcher(err.lines().reduce((a, b) -> b).orElse(""));
            double cpu = m.find() ? Long.parseLong(m.group(1)) * 60 + Double.parseDouble(m.group(2))
                    + Long.parseLong(m.group(3)) * 60 + Double.parseDouble(m.group(4)) : -1;
            return new Run(stdout.join(), wall, cpu, peak / 1024);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + launcher, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static CompletableFuture<String> read(InputStream in) {
        return CompletableFuture.supplyAsync(() -> {
            try (in) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "";
            }
        });
    }

    /** {@code bin/engram} next to the running jar ({@code <root>/target/engram.jar} -> {@code <root>/bin/engram}). */
    static Path launcherBesideJar() {
        try {
            Path jar = Path.of(ProductBench.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path bin = jar.getParent().getParent().resolve("bin").resolve("engram");
            if (!Files.isExecutable(bin)) {
                throw new IllegalStateException("engram bench index runs its phases through bin/engram and found none"
                        + " at " + bin + ": pass --launcher PATH, or --method in-process for the single-JVM method");
            }
            return bin;
        } catch (java.net.URISyntaxException | RuntimeException e) {
            if (e instanceof IllegalStateException ise) {
                throw ise;
            }
            throw new IllegalStateException("cannot locate bin/engram: pass --launcher PATH", e);
        }
    }
}
