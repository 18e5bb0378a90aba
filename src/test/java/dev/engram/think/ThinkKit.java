package dev.engram.think;

import dev.engram.cortex.outbound.OutboundHttp;
import dev.engram.cortex.providers.ProviderService;
import dev.engram.journal.Day;
import dev.engram.journal.Facet;
import dev.engram.journal.Journal;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A journal with facet {@code work}, recorded segments, and an OpenAI-compatible local server answering insights
 * with canned markdown and extractions with canned events (one occurrence, one anticipation).
 */
final class ThinkKit implements AutoCloseable {
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final String SEGMENT = "143000_300";

    final MockWebServer server = new MockWebServer();
    final Journal journal;
    final List<String> emitted = new CopyOnWriteArrayList<>();
    final List<String> prompts = new CopyOnWriteArrayList<>();
    final List<String> materials = new CopyOnWriteArrayList<>();
    final java.util.concurrent.atomic.AtomicInteger transcriptions = new java.util.concurrent.atomic.AtomicInteger();
    /** The OpenAI transcription API's verbose answer. */
    static final String TRANSCRIPT = "{\"task\":\"transcribe\",\"language\":\"english\",\"duration\":7.5,"
            + "\"text\":\"Ship it on Friday.\",\"segments\":[{\"id\":0,\"seek\":0,\"start\":1.0,\"end\":2.4,"
            + "\"text\":\" Ship it on Friday.\"}]}";
    final AtomicReference<String> failWhenMaterialContains = new AtomicReference<>("\u0000never");
    final MutableClock clock;
    /** While set, every chat request is answered 503 (an overloaded provider). */
    final java.util.concurrent.atomic.AtomicBoolean failing = new java.util.concurrent.atomic.AtomicBoolean();

    ThinkKit(Path dir, Instant now, boolean withProvider) throws IOException {
        clock = new MutableClock(now);
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest r) {
                if (r.getUrl().encodedPath().endsWith("/audio/transcriptions")) {
                    transcriptions.incrementAndGet();
                    return json(200, TRANSCRIPT);
                }
                return answer(JSON.readTree(r.getBody().utf8()));
            }
        });
        server.start(java.net.InetAddress.getLoopbackAddress(), 0);
        journal = Journal.create(dir.resolve("journal"), "Ana Lima");
        journal.facetStore("work").create(Facet.named("work"));
        if (withProvider) {
            JsonNode p = JSON.readTree("{\"endpoints\": {\"local\": {\"type\": \"openai-compatible\", \"base_url\": "
                    + "\"http://127.0.0.1:" + server.getPort() + "/v1\", \"model\": \"canned\"}},"
                    + " \"max_retries\": 1, \"retry_base_ms\": 5, \"timeout_seconds\": 10}");
            journal.updateConfig(c -> new dev.engram.journal.JournalConfig(c.identity(), c.convey(),
                    c.extra().with("providers", p)));
        }
    }

    ProviderService providers() {
        return new ProviderService(journal, new OutboundHttp(journal), Map.of(), clock);
    }

    ThinkEvents events() {
        return (event, fields) -> emitted.add(event + " " + fields.get("day") + (fields.containsKey("topic")
                ? " " + fields.get("topic") : ""));
    }

    void setThink(String json) {
        JsonNode t = JSON.readTree(json);
        journal.updateConfig(c -> new dev.engram.journal.JournalConfig(c.identity(), c.convey(),
                c.extra().with("think", t)));
    }

    /** Records a segment with a transcript and a screen extract whose text carries {@code marker}. */
    void record(Day day, String marker) throws IOException {
        record(day, SEGMENT, marker);
    }

    /** As above, as segment {@code segment} ({@code HHMMSS_LEN}). */
    void record(Day day, String segment, String marker) throws IOException {
        Path seg = journal.root().resolve(day.key()).resolve(segment);
        Files.createDirectories(seg);
        Files.writeString(seg.resolve("audio.jsonl"), "{\"raw\":\"audio.flac\"}\n"
                + "{\"start\":\"00:00:05\",\"text\":\"Let's sync on the launch " + marker + "\",\"speaker\":1}\n"
                + "{\"start\":\"00:01:10\",\"text\":\"Dentist on Thursday, remember\",\"speaker\":2}\n");
        Files.writeString(seg.resolve("screen.jsonl"), "{\"raw\":\"screen.webm\"}\n"
                + "{\"frame_id\":1,\"timestamp\":3,\"analysis\":{\"visual_description\":\"Editor with the launch"
                + " plan\",\"primary\":\"code\",\"secondary\":\"none\",\"overlap\":false}}\n");
    }

    /** Points sense's transcription ({@code sense.transcribe}) at the local server. */
    void configureTranscription() {
        JsonNode t = JSON.readTree("{\"transcribe\": {\"base_url\": \"http://127.0.0.1:" + server.getPort()
                + "/v1\", \"model\": \"whisper-1\"}}");
        journal.updateConfig(c -> new dev.engram.journal.JournalConfig(c.identity(), c.convey(),
                c.extra().with("sense", t)));
    }

    /** A segment with captured audio that was never transcribed (no {@code audio.jsonl}). */
    Path recordUnprocessed(Day day, String segment) throws IOException {
        Path seg = journal.root().resolve(day.key()).resolve(segment);
        Files.createDirectories(seg);
        Files.writeString(seg.resolve("audio.flac"), "fLaC audio");
        return seg;
    }

    void markDone(Day day) {
        journal.days().logTask(day, Instant.parse("2026-01-01T00:00:00Z"), ThinkService.DONE + " (earlier run)");
    }

    /**
     * How agent runs (streaming requests, OpenAI's {@code text/event-stream} wire format) are answered; default a short
     * text answer.
     */
    final AtomicReference<java.util.function.Function<JsonNode, MockResponse>> agentAnswer = new AtomicReference<>(
            body -> dev.engram.cortex.runs.OpenAiWire.text(10, 5, "Done", "."));
    /** Agent requests seen (the whole request bodies). */
    final List<JsonNode> agentRequests = new CopyOnWriteArrayList<>();

    private MockResponse answer(JsonNode body) {
        if (body.path("stream").asBoolean(false)) {
            agentRequests.add(body);
            return agentAnswer.get().apply(body);
        }
        String system = body.path("messages").get(0).path("content").asString();
        String user = body.path("messages").get(1).path("content").asString();
        prompts.add(system);
        materials.add(user);
        if (failing.get() || user.contains(failWhenMaterialContains.get())) {
            return json(503, "{\"error\":{\"message\":\"overloaded\"}}");
        }
        String content;
        if (system.contains("future events")) {
            content = "[{\"type\":\"appointment\",\"title\":\"Dentist\",\"date\":\"2026-12-03\",\"start\":\"09:00\","
                    + "\"facet\":\"work\",\"participants\":[\"Ana\"],\"work\":false}]";
        } else if (system.contains("JSON array only")) {
            content = "Here you are:\n```json\n[{\"type\":\"meeting\",\"title\":\"Launch sync\",\"summary\":\"Synced"
                    + " on the launch\",\"start\":\"14:30:05\",\"end\":\"14:35:00\",\"facet\":\"work\","
                    + "\"participants\":[\"Ana\",\"Rui\"],\"work\":true}, {\"title\":\"\"}]\n```";
        } else {
            content = "## Insight\n\nAna worked on the launch plan.";
        }
        String completion = "{\"id\":\"c\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"canned\","
                + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":"
                + JSON.writeValueAsString(content) + "},\"finish_reason\":\"stop\"}],"
                + "\"usage\":{\"prompt_tokens\":10,\"completion_tokens\":5,\"total_tokens\":15}}";
        return json(200, completion);
    }

    private static MockResponse json(int code, String body) {
        return new MockResponse.Builder().code(code).addHeader("Content-Type", "application/json").body(body).build();
    }

    @Override
    public void close() {
        server.close();
    }

    /** A clock tests move by hand (UTC). */
    static final class MutableClock extends Clock {
        private final AtomicReference<Instant> now;

        MutableClock(Instant start) {
            now = new AtomicReference<>(start);
        }

        void set(Instant t) {
            now.set(t);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    }
}
