package dev.engram.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code engram bench chat} with a tiny count: a real Engram, the emulated provider and the chat page's HTTP path.
 * The provider waits 300 ms: the client's time must include it, the overhead must not (each message's overhead is its
 * client time minus its provider time, so the largest overhead is at most the largest client time minus 300 ms). No
 * bound on the overhead itself: this machine's load decides it (the harness's numbers are in docs/benchmarks.md).
 */
class BenchChatCommandTest {
    @TempDir
    Path dir;

    @Test
    void printsTheOverheadWithoutTheProvidersOwnFirstTokenTime() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new String[] {"bench", "chat", "--dir", dir.resolve("journal").toString(), "--count", "3",
                "--warmup", "1", "--delay-ms", "300", "--days", "1", "--segments-per-day", "2"},
                new PrintWriter(out, true), new PrintWriter(err, true));
        String text = out.toString();
        assertThat(code).as(text + err).isZero();
        assertThat(text).contains("chat bench: 3 messages after 1 warm-up messages").contains("load average");
        double overheadP50 = p50(text, "overhead \\(first token - provider\\)");
        double providerP50 = p50(text, "provider first-token time");
        double overheadMax = max(text, "overhead \\(first token - provider\\)");
        double totalP50 = p50(text, "message -> first token \\(client\\)");
        double totalMax = max(text, "message -> first token \\(client\\)");
        assertThat(providerP50).as(text).isBetween(300.0, 2_000.0);
        assertThat(totalP50).as(text).isGreaterThan(300.0);
        assertThat(overheadP50).as(text).isPositive().isLessThan(totalP50);
        assertThat(overheadMax).as(text).isGreaterThanOrEqualTo(overheadP50).isLessThanOrEqualTo(totalMax - 299.99);
    }

    private static double p50(String text, String label) {
        return number(text, label + "\\s+p50 ([0-9.]+) ms");
    }

    private static double max(String text, String label) {
        return number(text, label + "\\s+p50 .*max ([0-9.]+) ms");
    }

    private static double number(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertThat(m.find()).as("no match for " + regex + " in:\n" + text).isTrue();
        return Double.parseDouble(m.group(1));
    }
}
