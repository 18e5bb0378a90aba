package dev.engram.callosum;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BusStatusTest {
    @TempDir
    Path dir;

    @Test
    void aStatsFileOverOneMebibyteIsRefusedWithAClearMessage() throws IOException {
        Path stats = dir.resolve("callosum.json");
        Files.writeString(stats, "{\"pad\":\"" + "x".repeat(BusStatus.MAX_STATS_BYTES) + "\"}");
        BusStatus s = BusStatus.probe(dir.resolve("bus.sock"), stats);
        assertThat(s.stats()).isEmpty();
        assertThat(s.statsProblem()).hasValueSatisfying(p -> assertThat(p).contains(stats.toString())
                .contains("larger than 1048576 bytes"));
    }

    @Test
    void aNormalStatsFileIsRead() throws IOException {
        Path stats = dir.resolve("callosum.json");
        Files.writeString(stats, "{\"running\":true,\"messages_in\":3}");
        BusStatus s = BusStatus.probe(dir.resolve("bus.sock"), stats);
        assertThat(s.up()).isFalse();
        assertThat(s.statsProblem()).isEmpty();
        assertThat(s.stats()).hasValueSatisfying(o -> assertThat(o.get("messages_in").asLong()).isEqualTo(3));
    }

    @Test
    void aDamagedStatsFileIsNamed() throws IOException {
        Path stats = dir.resolve("callosum.json");
        Files.writeString(stats, "{\"running\":tr");
        BusStatus s = BusStatus.probe(dir.resolve("bus.sock"), stats);
        assertThat(s.stats()).isEmpty();
        assertThat(s.statsProblem()).hasValueSatisfying(p -> assertThat(p).contains("not valid JSON"));
    }
}
