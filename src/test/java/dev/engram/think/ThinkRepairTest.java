package dev.engram.think;

import static org.assertj.core.api.Assertions.assertThat;

import dev.engram.callosum.Emitter;
import dev.engram.cortex.outbound.OutboundHttp;
import dev.engram.journal.Day;
import dev.engram.observe.sense.OcrFrameReader;
import dev.engram.observe.sense.OpenAiTranscriber;
import dev.engram.observe.sense.Sense;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daily run's first step: the day's media that was never sensed is sensed again through the real sense service
 * (transcription by the local server speaking the OpenAI transcription API) before the daily insights, which then see
 * its text; with no transcription configured it is skipped, said, and the run goes on.
 */
class ThinkRepairTest {
    static final Day DAY = ThinkTest.D3;

    @TempDir
    Path dir;

    private static int firstIndex(List<String> lines, String part) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(part)) {
                return i;
            }
        }
        return -1;
    }

    private static Sense sense(ThinkKit kit) {
        Sense sense = Sense.forJournal(kit.journal, Emitter.none(), OpenAiTranscriber.forJournal(kit.journal,
                new OutboundHttp(kit.journal)), OcrFrameReader.forJournal(kit.journal));
        sense.start();
        return sense;
    }

    @Test
    void unprocessedMediaIsSensedBeforeTheDailyInsightsWhichSeeItsText() throws Exception {
        try (ThinkKit kit = new ThinkKit(dir, Instant.parse("2026-11-29T08:00:00Z"), true)) {
            kit.record(DAY, "three");
            Path seg = kit.recordUnprocessed(DAY, "160000_300");
            kit.configureTranscription();
            Sense sense = sense(kit);
            try {
                ThinkService think = new ThinkService(kit.journal, kit.providers(), Optional.empty(), kit.events(),
                        kit.clock).repairingWith(() -> Optional.of(sense));

                think.dream(DAY, false);

                assertThat(kit.transcriptions.get()).isEqualTo(1); // only the unprocessed audio
                assertThat(Files.readString(seg.resolve("audio.jsonl"))).contains("Ship it on Friday");
                List<String> log = kit.journal.days().taskLog(DAY);
                int repaired = firstIndex(log, "\tthink-repair 1 segment(s), 1 file(s) processed");
                assertThat(repaired).as(String.join("\n", log)).isGreaterThan(firstIndex(log, "think-dream starting"));
                assertThat(repaired).isLessThan(firstIndex(log, "\tinsight " + DAY.key() + "/insights/"));
                assertThat(log).anyMatch(l -> l.contains("\t" + ThinkService.DONE));
                // the daily insights were written from material that has the repaired transcript
                assertThat(kit.materials).anyMatch(m -> m.contains("Ship it on Friday")
                        && m.contains("Let's sync on the launch three"));

                think.dream(DAY, false); // again: nothing left to repair, nothing transcribed twice
                assertThat(kit.transcriptions.get()).isEqualTo(1);
                assertThat(kit.journal.days().taskLog(DAY)).anyMatch(l -> l.contains(
                        "\tthink-repair 0 segment(s), 0 file(s) processed"));
            } finally {
                sense.stop();
            }
        }
    }

    @Test
    void withNoTranscriptionConfiguredTheRepairIsSkippedAndSaidAndTheRunGoesOn() throws Exception {
        try (ThinkKit kit = new ThinkKit(dir, Instant.parse("2026-11-29T08:00:00Z"), true)) {
            kit.record(DAY, "three");
            Path seg = kit.recordUnprocessed(DAY, "160000_300");
            Sense sense = sense(kit);
            try {
                ThinkService think = new ThinkService(kit.journal, kit.providers(), Optional.empty(), kit.events(),
                        kit.clock).repairingWith(() -> Optional.of(sense));

                ThinkRunner.Result r = think.dream(DAY, false);

                assertThat(kit.transcriptions.get()).isZero();
                assertThat(Files.exists(seg.resolve("audio.jsonl"))).isFalse();
                List<String> log = kit.journal.days().taskLog(DAY);
                assertThat(log).anyMatch(l -> l.contains("\tthink-repair skipped: no transcription configured"));
                assertThat(r.failed()).isZero();
                assertThat(r.written()).isPositive();
                assertThat(log).anyMatch(l -> l.contains("\t" + ThinkService.DONE));
            } finally {
                sense.stop();
            }
        }
    }
}
