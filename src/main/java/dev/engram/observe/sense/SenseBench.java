package dev.engram.observe.sense;

import com.sun.net.httpserver.HttpServer;
import dev.engram.callosum.Emitter;
import dev.engram.cortex.api.Outbound;
import dev.engram.journal.Day;
import dev.engram.journal.Journal;
import dev.engram.journal.Segment;
import dev.engram.journal.SegmentKey;
import dev.engram.observe.api.FrameReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The sense harness ({@code engram bench sense}): OCR throughput on a screen recording made with ffmpeg (text that
 * changes every second, so every sampled frame is kept and read), and the transcription pipeline's overhead over the
 * provider's own time against a local server speaking the OpenAI transcription API that takes a fixed time per file.
 * Works in a temporary journal it deletes afterwards.
 */
public final class SenseBench {
    private SenseBench() {
    }

    /**
     * @param seconds     length of the screen recording (one sampled frame per second)
     * @param width       its width (height is 9/16 of it)
     * @param files       audio files to transcribe
     * @param bytes       size of each audio file
     * @param providerMs  how long the emulated provider takes per file
     * @param concurrency transcriptions at once
     */
    public record Options(int seconds, int width, int files, int bytes, int providerMs, int concurrency) {
        public Options {
            if (seconds < 1 || width < 64 || files < 1 || bytes < 64 || providerMs < 0 || concurrency < 1) {
                throw new IllegalArgumentException("seconds >= 1, width >= 64, files >= 1, bytes >= 64,"
                        + " provider-ms >= 0 and concurrency >= 1");
            }
        }
    }

    /** What was measured. Times are milliseconds. */
    public record Result(int frames, double ocrSeconds, double framesPerSecond, double ocrMsPerFrame,
                         int files, double wallSeconds, double filesPerSecond, double pipelineMs, double httpMs,
                         double providerMs, double overheadMs, double overheadP99Ms) {
    }

    public static Result run(Options o, Function<Journal, Outbound> outbound) {
        Path dir;
        try {
            dir = Files.createTempDirectory("engram-sense-bench");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            Journal journal = Journal.create(dir.resolve("journal"), "Bench");
            Segment seg = journal.days().createSegment(Day.parse("20260101"), SegmentKey.of(LocalTime.NOON, 300));
            // OCR
            Path video = seg.dir().resolve("center_DP-1_screen.webm");
            makeVideo(video, o.width(), o.seconds(), List.of("Invoice %{eif\\:t\\:d} total %{eif\\:t*7+3\\:d} EUR"));
            // min_change 0: every sampled frame is read, so this measures OCR itself
            OcrFrameReader reader = new OcrFrameReader(() -> new SenseSettings.Describe(1.0, 0.0, 100_000,
                    Duration.ofMinutes(30), Duration.ofSeconds(60), "eng"));
            long t0 = System.nanoTime();
            List<FrameReader.ScreenText> frames = reader.read(video);
            double ocrSeconds = (System.nanoTime() - t0) / 1e9;
            double ocrMs = frames.stream().mapToLong(FrameReader.ScreenText::ocrMillis).average().orElse(0);
            // transcription
            ConcurrentLinkedQueue<Long> serverNanos = new ConcurrentLinkedQueue<>();
            HttpServer server = provider(o.providerMs(), serverNanos);
            try {
                byte[] audio = new byte[o.bytes()];
                Segment warm = journal.days().createSegment(seg.day(), SegmentKey.of(LocalTime.of(11, 0), 300));
                List<String> warmNames = audioFiles(warm, Math.min(o.files(), 10), audio);
                List<String> names = audioFiles(seg, o.files(), audio);
                URI base = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v1");
                SenseSettings.Transcribe t = new SenseSettings.Transcribe(Optional.of(base), "bench-whisper",
                        Optional.of("bench-key"), "", Duration.ofMinutes(5), 0, o.concurrency());
                OpenAiTranscriber transcriber = new OpenAiTranscriber(outbound.apply(journal), () -> t, Thread::sleep);
                ConcurrentLinkedQueue<Long> pipeline = new ConcurrentLinkedQueue<>();
                Emitter events = m -> {
                    if (m.event().equals("transcribed")) {
                        m.get("duration_ms").ifPresent(d -> pipeline.add(d.asLong()));
                    }
                    return true;
                };
                Sense sense = new Sense(journal, events, transcriber, reader, o.concurrency(), o.files() + 1);
                sense.start();
                long w0;
                Sense.Outcome out;
                try {
                    sense.process(warm, warmNames, Map.of(), true, true).get(30, TimeUnit.MINUTES); // warm-up
                    pipeline.clear();
                    serverNanos.clear();
                    Files.deleteIfExists(journal.healthFile("providers.jsonl"));
                    w0 = System.nanoTime();
                    out = sense.process(seg, names, Map.of(), true, true).get(30, TimeUnit.MINUTES);
                } finally {
                    sense.stop();
                }
                double wall = (System.nanoTime() - w0) / 1e9;
                if (!out.errors().isEmpty()) {
                    throw new IllegalStateException("the bench's transcriptions failed: " + out.errors());
                }
                double http = httpMillis(journal);
                double pipe = pipeline.stream().mapToLong(Long::longValue).average().orElse(0);
                double prov = serverNanos.stream().mapToLong(Long::longValue).average().orElse(0) / 1e6;
                List<Long> sorted = pipeline.stream().sorted().toList();
                double p99 = sorted.isEmpty() ? 0 : sorted.get(Math.min(sorted.size() - 1,
                        (int) Math.ceil(sorted.size() * 0.99) - 1)) - prov;
                return new Result(frames.size(), ocrSeconds, frames.size() / ocrSeconds, ocrMs, o.files(), wall,
                        o.files() / wall, pipe, http, prov, pipe - prov, p99);
            } finally {
                server.stop(0);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("the bench did not finish: " + e, e);
        } finally {
            deleteTree(dir);
        }
    }

    private static List<String> audioFiles(Segment seg, int n, byte[] audio) throws IOException {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String name = "a" + i + "_audio.flac";
            Files.write(seg.dir().resolve(name), audio);
            names.add(name);
        }
        return names;
    }

    /**
     * Makes a screen recording with ffmpeg: white frames {@code width} wide (height 9/16 of it) at 1 frame/s, each of
     * {@code texts} in black ({@code drawtext}; ffmpeg expansions such as {@code %{eif\\:t\\:d}} allowed) for
     * {@code secondsEach} seconds, one after the other; VP8 in WebM, or H.264 in MP4 by the file's extension.
     */
    static void makeVideo(Path file, int width, int secondsEach, List<String> texts) {
        int height = (width * 9 / 16) & ~1;
        List<String> cmd = new ArrayList<>(List.of("ffmpeg", "-nostdin", "-v", "error", "-y"));
        StringBuilder graph = new StringBuilder();
        for (int i = 0; i < texts.size(); i++) {
            cmd.addAll(List.of("-f", "lavfi", "-i", "color=c=white:s=" + width + "x" + height + ":d=" + secondsEach
                    + ":r=1"));
            graph.append('[').append(i).append(":v]drawtext=text='").append(texts.get(i)).append("':fontsize=")
                    .append(Math.max(12, width / 16)).append(":fontcolor=black:x=").append(width / 20).append(":y=")
                    .append(height / 3).append("[v").append(i).append("];");
        }
        for (int i = 0; i < texts.size(); i++) {
            graph.append("[v").append(i).append(']');
        }
        graph.append("concat=n=").append(texts.size()).append(":v=1:a=0[out]");
        cmd.addAll(List.of("-filter_complex", graph.toString(), "-map", "[out]", "-c:v",
                file.toString().endsWith(".mp4") ? "libx264" : "libvpx", "-pix_fmt", "yuv420p", file.toString()));
        ChildProcess.run(cmd, new byte[0], Duration.ofMinutes(5), 64 * 1024);
    }

    /** A local server speaking the OpenAI transcription API: reads the multipart body, waits, answers verbose_json. */
    static HttpServer provider(int delayMs, ConcurrentLinkedQueue<Long> serverNanos) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        byte[] answer = ("{\"task\":\"transcribe\",\"language\":\"english\",\"duration\":300.0,\"text\":\"Hello there."
                + " Shall we start?\",\"segments\":[{\"id\":0,\"seek\":0,\"start\":0.0,\"end\":2.5,\"text\":\" Hello"
                + " there.\",\"tokens\":[1,2],\"temperature\":0.0,\"avg_logprob\":-0.2,\"compression_ratio\":1.1,"
                + "\"no_speech_prob\":0.01},{\"id\":1,\"seek\":0,\"start\":2.5,\"end\":4.0,\"text\":\" Shall we"
                + " start?\",\"tokens\":[3],\"temperature\":0.0,\"avg_logprob\":-0.3,\"compression_ratio\":1.0,"
                + "\"no_speech_prob\":0.02}]}").getBytes(StandardCharsets.UTF_8);
        server.createContext("/v1/audio/transcriptions", ex -> {
            long t0 = System.nanoTime();
            try (InputStream in = ex.getRequestBody()) {
                in.transferTo(OutputStream.nullOutputStream());
            }
            try {
                Thread.sleep(delayMs);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            ex.getResponseHeaders().set("Content-Type", "application/json");
            ex.sendResponseHeaders(200, answer.length);
            try (OutputStream os = ex.getResponseBody()) {
                os.write(answer);
            }
            serverNanos.add(System.nanoTime() - t0);
        });
        server.start();
        return server;
    }

    /** The mean client-side time of the transcription requests, from the outbound log. */
    private static double httpMillis(Journal journal) {
        try (Stream<String> lines = Files.lines(journal.healthFile("providers.jsonl"))) {
            return lines.mapToLong(l -> {
                int i = l.indexOf("\"ms\":");
                return i < 0 ? 0 : Long.parseLong(l.substring(i + 5).replaceAll("[^0-9].*", ""));
            }).average().orElse(0);
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp folder; the OS cleans it
        }
    }
}
