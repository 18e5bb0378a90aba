package dev.engram.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DemoCommandTest {
    @TempDir
    Path tmp;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return Main.run(args, new PrintWriter(out), new PrintWriter(err));
    }

    @ParameterizedTest
    @ValueSource(strings = {"--days=0", "--days=3651", "--segments-per-day=0", "--segments-per-day=289",
            "--end=2024-01-05", "--end=20240230", "--days=many"})
    void rejectsBadArgumentsWithUsageExitCode(String bad) {
        assertThat(run("demo", "--journal", tmp.resolve("j").toString(), bad)).isEqualTo(2);
        assertThat(err.toString()).contains("engram").contains("help");
        assertThat(tmp.resolve("j")).doesNotExist();
    }

    @Test
    void generatesThenStatusShowsItThenARerunChangesNothing() {
        String dir = tmp.resolve("j").toString();
        assertThat(run("demo", "--journal", dir, "--days", "2", "--segments-per-day", "3", "--end", "20240105"))
                .isEqualTo(0);
        assertThat(out.toString()).contains("Demo journal at", "2 days", "6 segments", "4 facets");
        assertThat(run("status", "--journal", dir)).isEqualTo(0);
        assertThat(out.toString()).containsPattern("segments\\s+6").doesNotContain("Warnings");
        assertThat(run("demo", "--journal", dir)).isEqualTo(0);
        assertThat(out.toString()).contains("already exists", "nothing changed", "--force");
    }

    @Test
    void refusesAForeignFolderWithAFailureExitCode() throws Exception {
        Files.writeString(tmp.resolve("thesis.tex"), "\\documentclass{article}");
        assertThat(run("demo", "--journal", tmp.toString(), "--end", "20240105")).isEqualTo(1);
        assertThat(err.toString()).contains("not empty", "--journal");
    }
}
