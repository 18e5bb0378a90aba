package dev.engram.observe.tmux;

import static org.assertj.core.api.Assertions.assertThat;

import dev.engram.journal.Stream;
import org.junit.jupiter.api.Test;

/** The local tmux observer's stream name follows the reference's rule: first label of a host, IPs dash-joined. */
class StreamNameTest {
    private static String of(String host) {
        return StatusRelay.stream(new Origin(host, "linux"));
    }

    @Test
    void hostNamesKeepTheirFirstLabelAndAddressesAreDashJoined() {
        assertThat(of("Desk.example.org")).isEqualTo("desk.tmux");
        assertThat(of("10.0.0.7")).isEqualTo("10-0-0-7.tmux");
        assertThat(of("fe80::1")).isEqualTo("fe80-1.tmux");
        assertThat(of("_odd")).isEqualTo("host.tmux");
        assertThat(of("a".repeat(63) + ".lan")).isEqualTo("a".repeat(59) + ".tmux"); // a DNS label's longest
        for (String h : new String[] {"Desk.example.org", "10.0.0.7", "fe80::1", "_odd", "b".repeat(63)}) {
            assertThat(Stream.valid(of(h))).as(h).isTrue();
        }
    }
}
