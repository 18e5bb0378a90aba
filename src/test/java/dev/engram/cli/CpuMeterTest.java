package dev.engram.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How the benches attribute CPU time to thread groups. */
class CpuMeterTest {
    @Test
    void timeOfThreadsThatEndedIsShownUnderTheNameOfWhoMeasuredIt() {
        Map<String, Double> groups = new LinkedHashMap<>();
        groups.put("JettyServerThre", 10.0);
        groups.put("journal-fsync", 1.0);
        groups.put(CpuMeter.ENDED, 3.0);

        Map<String, Double> shown = CpuMeter.endedAs(groups, "bench-client", 2.5);
        assertThat(shown).containsEntry("bench-client", 2.5).containsEntry(CpuMeter.ENDED, 0.5)
                .containsEntry("JettyServerThre", 10.0);
        assertThat(shown.keySet()).as("largest first")
                .containsExactly("JettyServerThre", "bench-client", "journal-fsync", CpuMeter.ENDED);
        assertThat(CpuMeter.endedAs(groups, "bench-client", 5.0)).as("never more than the ended threads' time")
                .containsEntry("bench-client", 3.0).containsEntry(CpuMeter.ENDED, 0.0);
    }
}
