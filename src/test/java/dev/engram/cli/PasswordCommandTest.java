package dev.engram.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.engram.convey.Passwords;
import dev.engram.journal.Journal;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PasswordCommandTest {
    @TempDir
    Path dir;

    @Test
    void readsOneLineFromStdinAndStoresAHash() throws Exception {
        Journal.create(dir, "Ada");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = withStdin("s3cret-enough\n", () -> Main.run(new String[] {"password", "--journal", dir.toString()},
                new PrintWriter(out), new PrintWriter(err)));
        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).contains("Password set");
        String config = Files.readString(dir.resolve("config/journal.json"));
        assertThat(config).doesNotContain("s3cret-enough");
        String hash = Journal.open(dir).config().convey().passwordHash().orElseThrow();
        assertThat(Passwords.verify("s3cret-enough".toCharArray(), hash)).isTrue();
        assertThat(Passwords.verify("s3cret-enougH".toCharArray(), hash)).isFalse();
    }

    @Test
    void aShortPasswordIsRefusedWithAClearError() throws Exception {
        Journal.create(dir, "Ada");
        StringWriter err = new StringWriter();
        int code = withStdin("short\n", () -> Main.run(new String[] {"password", "--journal", dir.toString()},
                new PrintWriter(new StringWriter()), new PrintWriter(err)));
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("at least 8 characters");
        assertThat(Journal.open(dir).config().convey().hasPassword()).isFalse();
    }

    private static int withStdin(String text, java.util.function.IntSupplier run) {
        InputStream saved = System.in;
        System.setIn(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
        try {
            return run.getAsInt();
        } finally {
            System.setIn(saved);
        }
    }
}
