package dev.engram.observe.sense;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.engram.callosum.Message;
import dev.engram.cortex.outbound.OutboundHttp;
import dev.engram.journal.AudioTranscript;
import dev.engram.journal.Day;
import dev.engram.journal.Journal;
import dev.engram.journal.JournalConfig;
import dev.engram.journal.ScreenExtract;
import dev.engram.journal.ScreenFrame;
import dev.engram.journal.Segment;
import dev.engram.journal.SegmentKey;
import dev.engram.observe.api.FrameReader;
import dev.engram.observe.api.SenseException;
import dev.engram.testing.BulkJournal;
import dev.engram.testing.SpawnsProcesses;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real ffmpeg and tesseract on screen recordings that ffmpeg itself makes (drawtext), no committed fixtures. */
@SpawnsProcesses
class OcrFrameReaderTest {
    private static final SenseSettings.Describe EVERY_SECOND = new SenseSettings.Describe(1.0, 0.05, 600,
            Duration.ofMinutes(2), Duration.ofSeconds(60), "eng");
    @TempDir
    Path dir;

    @Test
    void keepsTheFramesThatChangedAndReadsTheirText() {
        Path video = dir.resolve("center_DP-1_screen.webm");
        SenseBench.makeVideo(video, 640, 2, List.of("INVOICE 4711", "MEETING AGENDA", "QUARTERLY REPORT"));

        assertThat(new OcrFrameReader(() -> EVERY_SECOND).hasPicture(video)).isTrue();
        List<FrameReader.ScreenText> frames = new OcrFrameReader(() -> EVERY_SECOND).read(video);

        // six samples (one a second), three distinct screens: the repeats are below the 5 % change threshold
        assertThat(frames).extracting(FrameReader.ScreenText::frameId).containsExactly(0, 2, 4);
        assertThat(frames).extracting(FrameReader.ScreenText::timestamp).containsExactly(0.0, 2.0, 4.0);
        assertThat(frames.get(0).text()).contains("INVOICE 4711");
        assertThat(frames.get(1).text()).contains("MEETING AGENDA");
        assertThat(frames.get(2).text()).contains("QUARTERLY REPORT");
        assertThat(frames.get(0).change()).isEqualTo(1.0);
        assertThat(frames.get(1).change()).isGreaterThanOrEqualTo(0.05);
    }

    @Test
    void aStillScreenIsOneFrameAndMp4IsReadToo() {
        Path video = dir.resolve("screen.mp4");
        SenseBench.makeVideo(video, 640, 4, List.of("NOTHING MOVES"));
        List<FrameReader.ScreenText> frames = new OcrFrameReader(() -> EVERY_SECOND).read(video);
        assertThat(frames).hasSize(1);
        assertThat(frames.getFirst().text()).contains("NOTHING MOVES");
    }

    @Test
    void aThresholdOfZeroReadsEverySample() {
        Path video = dir.resolve("screen.webm");
        SenseBench.makeVideo(video, 320, 3, List.of("SAME"));
        var all = new SenseSettings.Describe(1.0, 0.0, 600, Duration.ofMinutes(2), Duration.ofSeconds(60), "eng");
        assertThat(new OcrFrameReader(() -> all).read(video)).hasSize(3);
    }

    @Test
    void aVideoStoredTurnedIsReadAsItIsShown() {
        // a phone's portrait recording: stored 360x640 with its text turned, shown upright through its rotation
        Path stored = dir.resolve("stored.mp4");
        ffmpeg("-f", "lavfi", "-i", "color=white:s=640x360:d=4:r=1", "-vf", "drawtext=text='Portrait Phone Text'"
                + ":fontsize=40:fontcolor=black:x=50:y=150,transpose=2", "-c:v", "libx264", "-pix_fmt", "yuv420p",
                stored.toString());
        Path video = dir.resolve("rot270.mov");
        ffmpeg("-i", stored.toString(), "-c", "copy", "-metadata:s:v:0", "rotate=270", video.toString());
        assertThat(new String(ChildProcess.run(List.of("ffprobe", "-v", "error", "-show_streams", video.toString()),
                new byte[0], Duration.ofSeconds(30), 64 * 1024), StandardCharsets.UTF_8))
                .as("the video under test is stored turned").contains("width=360", "height=640", "rotation=-90");

        List<FrameReader.ScreenText> frames = new OcrFrameReader(() -> EVERY_SECOND).read(video);

        assertThat(frames).singleElement().satisfies(f -> assertThat(f.text()).contains("Portrait Phone Text"));
    }

    @Test
    void theVideoStreamProbedIsTheOneReadNotTheLargest() {
        Path small = dir.resolve("small.mp4");
        SenseBench.makeVideo(small, 320, 4, List.of("FIRST STREAM"));
        Path large = dir.resolve("large.mp4");
        SenseBench.makeVideo(large, 640, 4, List.of("SECOND STREAM"));
        Path video = dir.resolve("twostreams.mp4");
        ffmpeg("-i", small.toString(), "-i", large.toString(), "-map", "0:v", "-map", "1:v", "-c", "copy",
                video.toString());

        List<FrameReader.ScreenText> frames = new OcrFrameReader(() -> EVERY_SECOND).read(video);

        // four samples of one still screen: one frame, at 0 s, with the first stream's text
        assertThat(frames).singleElement().satisfies(f -> {
            assertThat(f.timestamp()).isZero();
            assertThat(f.text()).contains("FIRST STREAM");
        });
    }

    @Test
    void aFileThatIsNotVideoIsAnInputError() throws Exception {
        Path video = dir.resolve("broken_screen.webm");
        Files.writeString(video, "this is not a video");
        assertThatThrownBy(() -> new OcrFrameReader(() -> EVERY_SECOND).read(video))
                .isInstanceOfSatisfying(SenseException.class, e -> assertThat(e.kind())
                        .isIn(SenseException.Kind.INPUT, SenseException.Kind.TOOL))
                .hasMessageContaining("broken_screen.webm")
                .satisfies(e -> assertThat(e.getMessage()).as("what the owner reads: no paths, no ffmpeg addresses")
                        .doesNotContain(dir.toString()).doesNotContainPattern("@ 0x[0-9a-fA-F]+"));
    }

    @Test
    void aVideoPastItsDeadlineSaysWhereTheTimeWent() {
        Path video = dir.resolve("screen.webm");
        SenseBench.makeVideo(video, 640, 40, List.of("Invoice %{eif\\:t\\:d} total %{eif\\:t*7+3\\:d} EUR"));
        // every sample read (min_change 0): OCR takes most of the 2 s; decoding 640x360 frames takes little
        var slow = new SenseSettings.Describe(1.0, 0.0, 600, Duration.ofSeconds(2), Duration.ofSeconds(60), "eng");

        assertThatThrownBy(() -> new OcrFrameReader(() -> slow).read(video))
                .isInstanceOfSatisfying(SenseException.class, e -> {
                    assertThat(e.kind()).isEqualTo(SenseException.Kind.TIMEOUT);
                    Matcher m = Pattern.compile("reading screen.webm took longer than 2 s"
                            + " \\(sense.describe.timeout_seconds\\) and was stopped: ([0-9.]+) s in tesseract"
                            + " reading [0-9]+ frame\\(s\\), ([0-9.]+) s in ffmpeg decoding [0-9]+ sample\\(s\\)")
                            .matcher(e.getMessage());
                    assertThat(m.matches()).as(e.getMessage()).isTrue();
                    assertThat(Double.parseDouble(m.group(1))).as(e.getMessage())
                            .isGreaterThan(Double.parseDouble(m.group(2)));
                });
    }

    @Test
    void aVideoFileWithOnlySoundIsTranscribedLikeAnAudioFile() throws Exception {
        Journal journal = BulkJournal.create(dir.resolve("journal"), "Ada");
        Segment seg = journal.days().createSegment(Day.parse("20260315"), SegmentKey.of(LocalTime.of(9, 30), 300));
        ffmpeg("-f", "lavfi", "-i", "sine=d=2", "-c:a", "aac", seg.dir().resolve("phone_audio.mp4").toString());
        try (mockwebserver3.MockWebServer provider = new mockwebserver3.MockWebServer()) {
            provider.start();
            SenseTest.configure(journal, provider);
            provider.enqueue(SenseTest.verbose());
            java.util.List<Message> events = new java.util.concurrent.CopyOnWriteArrayList<>();
            Sense sense = new Sense(journal, m -> events.add(m), OpenAiTranscriber.forJournal(journal,
                    new OutboundHttp(journal)), new OcrFrameReader(() -> EVERY_SECOND), 1, 10);
            sense.start();
            try {
                assertThat(sense.process(seg, List.of("phone_audio.mp4"), Map.of(), false, true)
                        .get(60, TimeUnit.SECONDS).errors()).isEmpty();
            } finally {
                sense.stop();
            }
            assertThat(provider.takeRequest().getTarget()).isEqualTo("/v1/audio/transcriptions");
            var transcript = journal.days().files(seg).audio().getFirst();
            assertThat(transcript.fileName()).isEqualTo("phone_audio.jsonl");
            assertThat(transcript.raw()).contains("phone_audio.mp4");
            assertThat(transcript.utterances()).extracting(AudioTranscript.Utterance::text)
                    .containsExactly("Hello there.", "Ship it on Friday.");
            assertThat(events).extracting(Message::event).contains("transcribed")
                    .doesNotContain("described");
            // named for what it gets: the transcribe handler, the same ref as its outcome
            Message detected = events.stream().filter(m -> m.event().equals("detected")).findFirst().orElseThrow();
            assertThat(detected.string("handler")).contains("transcribe");
            assertThat(detected.string("file")).hasValueSatisfying(f -> assertThat(f).endsWith("phone_audio.mp4"));
            assertThat(events.stream().filter(m -> m.event().equals("transcribed")).findFirst().orElseThrow()
                    .string("ref")).isEqualTo(detected.string("ref"));
            assertThat(new OcrFrameReader(() -> EVERY_SECOND).hasPicture(seg.dir().resolve("phone_audio.mp4")))
                    .isFalse();
        }
    }

    @Test
    void aToolThatHangsIsKilledAtItsDeadline() {
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> ChildProcess.run(List.of("sleep", "30"), new byte[0], Duration.ofMillis(300), 10))
                .isInstanceOfSatisfying(SenseException.class, e -> assertThat(e.kind())
                        .isEqualTo(SenseException.Kind.TIMEOUT)).hasMessageContaining("sleep");
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void aMissingToolSaysWhatToInstall() {
        assertThatThrownBy(() -> ChildProcess.run(List.of("no-such-tool-engram"), new byte[0], Duration.ofSeconds(5),
                10)).isInstanceOfSatisfying(SenseException.class, e -> assertThat(e.kind())
                        .isEqualTo(SenseException.Kind.TOOL)).hasMessageContaining("install");
    }

    @Test
    void aMalformedTranscriptionUrlFailsOnlyTheAudioNeverTheScreenRecordings() throws Exception {
        Journal journal = BulkJournal.create(dir.resolve("journal"), "Ada");
        journal.updateConfig(c -> new JournalConfig(c.identity(), c.convey(), c.extra().with("sense",
                Map.of("transcribe", Map.of("base_url", "not a url", "model", "whisper-1"),
                        "describe", Map.of("interval_seconds", 2)))));
        Segment seg = journal.days().createSegment(Day.parse("20260315"), SegmentKey.of(LocalTime.of(9, 30), 300));
        SenseBench.makeVideo(seg.dir().resolve("center_DP-1_screen.webm"), 640, 2, List.of("INVOICE 4711"));
        Files.writeString(seg.dir().resolve("audio.flac"), "fLaC audio");
        Sense sense = new Sense(journal, m -> true, OpenAiTranscriber.forJournal(journal, new OutboundHttp(journal)),
                OcrFrameReader.forJournal(journal), 1, 10);
        sense.start();
        Sense.Outcome o;
        try {
            o = sense.process(seg, List.of("center_DP-1_screen.webm", "audio.flac"), Map.of(), false, true)
                    .get(60, TimeUnit.SECONDS);
        } finally {
            sense.stop();
        }
        assertThat(o.processed()).containsExactly("center_DP-1_screen.webm");
        assertThat(o.errors()).singleElement().asString().startsWith("audio.flac: ")
                .contains("sense.transcribe.base_url");
        assertThat(journal.days().files(seg).screens().getFirst().frames().getFirst().visualDescription())
                .contains("INVOICE 4711");
    }

    @Test
    void theSenseServiceWritesTheScreenExtractAndEmitsDescribed() throws Exception {
        Journal journal = BulkJournal.create(dir.resolve("journal"), "Ada");
        Segment seg = journal.days().createSegment(Day.parse("20260315"), SegmentKey.of(LocalTime.of(9, 30), 300));
        SenseBench.makeVideo(seg.dir().resolve("center_DP-1_screen.webm"), 640, 2,
                List.of("INVOICE 4711", "MEETING AGENDA"));
        // a second screen of the same segment, queued at the same moment: OCR runs one video at a time
        Files.copy(seg.dir().resolve("center_DP-1_screen.webm"), seg.dir().resolve("left_DP-2_screen.webm"));
        List<Message> events = new CopyOnWriteArrayList<>();
        Sense sense = new Sense(journal, events::add, OpenAiTranscriber.forJournal(journal, new OutboundHttp(journal)),
                new OcrFrameReader(() -> EVERY_SECOND), 1, 10);
        sense.start();
        try {
            sense.observing(Message.of("observe", "observing", Map.of("day", "20260315", "segment", "093000_300",
                    "files", List.of("center_DP-1_screen.webm", "left_DP-2_screen.webm"), "remote", "laptop")));
            await().atMost(Duration.ofSeconds(60)).until(() -> events.stream()
                    .anyMatch(m -> m.event().equals("observed")));
        } finally {
            sense.stop();
        }
        Message observed = events.stream().filter(m -> m.event().equals("observed")).findFirst().orElseThrow();
        assertThat(observed.json().has("errors")).as(observed.toJson()).isFalse();
        // each video's handler ends (described) before the next one starts (detected): never two OCRs at once
        assertThat(events.stream().filter(m -> m.event().equals("detected") || m.event().equals("described"))
                .map(Message::event)).as("%s", events).containsExactly("detected", "described", "detected",
                "described");
        Message described = events.stream().filter(m -> m.event().equals("described")).findFirst().orElseThrow();
        assertThat(described.string("output")).contains("20260315/093000_300/center_DP-1_screen.jsonl");
        assertThat(events.stream().filter(m -> m.event().equals("detected")).findFirst().orElseThrow()
                .string("handler")).contains("describe");

        ScreenExtract extract = journal.days().files(seg).screens().getFirst();
        assertThat(extract.fileName()).isEqualTo("center_DP-1_screen.jsonl");
        assertThat(extract.format()).isEqualTo(ScreenExtract.FORMAT);
        assertThat(extract.raw()).contains("center_DP-1_screen.webm");
        assertThat(extract.meta().string("remote")).contains("laptop");
        assertThat(extract.frames()).extracting(ScreenFrame::timestamp).containsExactly(0.0, 2.0);
        assertThat(extract.frames().get(1).visualDescription()).contains("MEETING AGENDA");
        assertThat(extract.frames().get(1).extra().get("requests").orElseThrow().toString()).contains("tesseract");
    }

    private static void ffmpeg(String... args) {
        List<String> cmd = new java.util.ArrayList<>(List.of("ffmpeg", "-nostdin", "-v", "error", "-y"));
        cmd.addAll(List.of(args));
        ChildProcess.run(cmd, new byte[0], Duration.ofMinutes(2), 64 * 1024);
    }
}
