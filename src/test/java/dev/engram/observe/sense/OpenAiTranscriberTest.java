package dev.engram.observe.sense;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.engram.cortex.outbound.OutboundHttp;
import dev.engram.journal.Journal;
import dev.engram.observe.api.SenseException;
import dev.engram.observe.api.SpokenText;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/** The OpenAI transcription wire format, against a local server: multipart in, verbose_json out, errors, timeouts. */
class OpenAiTranscriberTest {
    static final String VERBOSE = """
            {"task":"transcribe","language":"english","duration":7.5,"text":"Hello there. Ship it on Friday.",
             "segments":[{"id":0,"seek":0,"start":0.0,"end":2.4,"text":" Hello there.","tokens":[50364,2425],
             "temperature":0.0,"avg_logprob":-0.21,"compression_ratio":0.9,"no_speech_prob":0.01},
             {"id":1,"seek":0,"start":65.2,"end":67.5,"text":" Ship it on Friday.","tokens":[50400],
             "temperature":0.0,"avg_logprob":-0.3,"compression_ratio":1.0,"no_speech_prob":0.02}]}""";
    private static final ObjectMapper JSON = JsonMapper.builder().build();
    @TempDir
    Path dir;
    private MockWebServer server;
    private Journal journal;
    private Path audio;
    private final List<Long> sleeps = new ArrayList<>();

    @BeforeEach
    void start() throws IOException {
        server = new MockWebServer();
        server.start();
        Files.createDirectories(dir.resolve("journal"));
        journal = Journal.open(dir.resolve("journal"));
        audio = dir.resolve("mic_audio.flac");
        Files.write(audio, "fLaC\0\0\0\"some audio bytes".getBytes(StandardCharsets.ISO_8859_1));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private OpenAiTranscriber transcriber(Optional<String> key, int retries, Duration timeout) {
        URI base = server.url("/v1").uri();
        SenseSettings.Transcribe t = new SenseSettings.Transcribe(Optional.of(base), "whisper-1", key, "en", timeout,
                retries, 2);
        return new OpenAiTranscriber(new OutboundHttp(journal), () -> t, sleeps::add);
    }

    private static MockResponse json(int code, String body) {
        return new MockResponse.Builder().code(code).setHeader("Content-Type", "application/json").body(body).build();
    }

    @Test
    void postsTheFileAsMultipartAndReadsTheTimedSegments() throws Exception {
        server.enqueue(json(200, VERBOSE));
        SpokenText t = transcriber(Optional.of("sk-test-secret"), 0, Duration.ofSeconds(10)).transcribe(audio);

        assertThat(t.segments()).containsExactly(new SpokenText.Piece(0.0, 2.4, "Hello there."),
                new SpokenText.Piece(65.2, 67.5, "Ship it on Friday."));
        assertThat(t.language()).isEqualTo("english");
        assertThat(t.model()).isEqualTo("whisper-1");
        RecordedRequest r = server.takeRequest(5, TimeUnit.SECONDS);
        assertThat(r.getMethod()).isEqualTo("POST");
        assertThat(r.getTarget()).isEqualTo("/v1/audio/transcriptions");
        assertThat(r.getHeaders().get("Authorization")).isEqualTo("Bearer sk-test-secret");
        Map<String, Part> parts = multipart(r);
        assertThat(parts.get("model").text()).isEqualTo("whisper-1");
        assertThat(parts.get("response_format").text()).isEqualTo("verbose_json");
        assertThat(parts.get("timestamp_granularities[]").text()).isEqualTo("segment");
        assertThat(parts.get("language").text()).isEqualTo("en");
        assertThat(parts.get("file").filename()).isEqualTo("mic_audio.flac");
        assertThat(parts.get("file").contentType()).isEqualTo("audio/flac");
        assertThat(parts.get("file").bytes()).isEqualTo(Files.readAllBytes(audio));
        // logged by the outbound door: provider, model and purpose, never the key
        String log = Files.readString(journal.healthFile("providers.jsonl"));
        assertThat(log).contains("\"provider\":\"transcription\"", "\"model\":\"whisper-1\"",
                "\"purpose\":\"transcribe\"", "\"status\":200").doesNotContain("sk-test-secret");
    }

    @Test
    void anAnswerPastTheLimitIsCutOffAndNotRetried() {
        URI base = server.url("/v1").uri();
        SenseSettings.Transcribe t = new SenseSettings.Transcribe(Optional.of(base), "whisper-1", Optional.empty(),
                "en", Duration.ofSeconds(10), 3, 2);
        OpenAiTranscriber small = new OpenAiTranscriber(new OutboundHttp(journal), () -> t, sleeps::add, 1000);
        String big = "{\"text\":\"" + "x".repeat(5000) + "\"}";
        server.enqueue(json(200, big)); // its Content-Length is over the limit
        server.enqueue(new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json")
                .chunkedBody(big, 256).build()); // no length: cut off as it arrives
        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> small.transcribe(audio))
                    .isInstanceOfSatisfying(SenseException.class, e -> assertThat(e.kind())
                            .isEqualTo(SenseException.Kind.PROVIDER))
                    .hasMessageContaining("answered more than 1000 bytes").hasMessageContaining("mic_audio.flac");
        }
        assertThat(server.getRequestCount()).as("not retried").isEqualTo(2);
    }

    @Test
    void anAnswerWithTextOnlyIsOnePiece() {
        server.enqueue(json(200, "{\"text\":\"  Just the text.  \"}"));
        SpokenText t = transcriber(Optional.empty(), 0, Duration.ofSeconds(10)).transcribe(audio);
        assertThat(t.segments()).containsExactly(new SpokenText.Piece(0, 0, "Just the text."));
    }

    @Test
    void anAnswerWithEmptySegmentsIsItsTextAsOnePiece() {
        server.enqueue(json(200, "{\"text\":\"only in text\",\"segments\":[],\"duration\":3}"));
        server.enqueue(json(200, "{\"text\":\"only in text\",\"segments\":null}"));
        server.enqueue(json(200, "{\"text\":\"\",\"segments\":[]}")); // silence: nothing said, no error
        OpenAiTranscriber t = transcriber(Optional.empty(), 0, Duration.ofSeconds(10));
        assertThat(t.transcribe(audio).segments()).containsExactly(new SpokenText.Piece(0, 3, "only in text"));
        assertThat(t.transcribe(audio).segments()).containsExactly(new SpokenText.Piece(0, 0, "only in text"));
        assertThat(t.transcribe(audio).segments()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"start\":\"abc\",\"end\":2", "\"end\":2", "\"start\":null,\"end\":2",
            "\"start\":\"12.5\",\"end\":14", "\"start\":1,\"end\":\"x\"", "\"start\":1",
            "\"start\":[1],\"end\":2"})
    void aPieceWhoseTimesAreNotNumbersFailsTheFileInsteadOfLandingAtMidnight(String times) {
        server.enqueue(json(200, "{\"text\":\"a b\",\"segments\":[{\"start\":0,\"end\":1,\"text\":\"a\"},"
                + "{" + times + ",\"text\":\"b\"}]}"));
        assertThatThrownBy(() -> transcriber(Optional.empty(), 3, Duration.ofSeconds(10)).transcribe(audio))
                .isInstanceOfSatisfying(SenseException.class, e -> assertThat(e.kind())
                        .isEqualTo(SenseException.Kind.PROVIDER))
                .hasMessageContaining("answered segments[1] with ").hasMessageContaining("not a number of seconds");
        assertThat(server.getRequestCount()).as("not retried: the same answer would come").isEqualTo(1);
    }

    @Test
    void noKeyMeansNoAuthorizationHeader() throws Exception {
        server.enqueue(json(200, VERBOSE));
        transcriber(Optional.empty(), 0, Duration.ofSeconds(10)).transcribe(audio);
        assertThat(server.takeRequest(5, TimeUnit.SECONDS).getHeaders().get("Authorization")).isNull();
    }

    @Test
    void aRefusedKeyIsAProviderErrorWithTheProvidersMessageAndTheFixButNeverTheKey() {
        server.enqueue(json(401, "{\"error\":{\"message\":\"Incorrect API key provided: sk-test-secret\","
                + "\"type\":\"invalid_request_error\",\"param\":null,\"code\":\"invalid_api_key\"}}"));
        assertThatThrownBy(() -> transcriber(Optional.of("sk-test-secret"), 3, Duration.ofSeconds(10))
                .transcribe(audio))
                .isInstanceOfSatisfying(SenseException.class, e -> assertThat(e.kind())
                        .isEqualTo(SenseException.Kind.PROVIDER))
                .hasMessageContaining("answered 401").hasMessageContaining("Incorrect API key provided")
                .hasMessageContaining("api_key").hasMessageNotContaining("sk-test-secret");
        assertThat(server.getRequestCount()).as("a 401 is not retried").isEqualTo(1);
    }

    @Test
    void rateLimitedIsRetriedAfterRetryAfter() {
        server.enqueue(new MockResponse.Builder().code(429).setHeader("Retry-After", "3")
                .body("{\"error\":{\"message\":\"Rate limit reached\"}}").build());
        server.enqueue(json(200, VERBOSE));
        SpokenText t = transcriber(Optional.empty(), 1, Duration.ofSeconds(10)).transcribe(audio);
        assertThat(t.segments()).hasSize(2);
        assertThat(sleeps).containsExactly(3000L);
    }

    @Test
    void serverErrorsFailAfterTheConfiguredRetries() {
        server.enqueue(json(500, "{\"error\":{\"message\":\"model crashed\"}}"));
        server.enqueue(json(503, "upstream unavailable"));
        assertThatThrownBy(() -> transcriber(Optional.empty(), 1, Duration.ofSeconds(10)).transcribe(audio))
                .isInstanceOf(SenseException.class).hasMessageContaining("answered 503");
        assertThat(server.getRequestCount()).isEqualTo(2);
    }

    @Test
    void anAnswerThatIsNotJsonIsAProviderError() {
        server.enqueue(new MockResponse.Builder().code(200).body("<html>nginx</html>").build());
        assertThatThrownBy(() -> transcriber(Optional.empty(), 0, Duration.ofSeconds(10)).transcribe(audio))
                .isInstanceOfSatisfying(SenseException.class, e -> assertThat(e.kind())
                        .isEqualTo(SenseException.Kind.PROVIDER)).hasMessageContaining("not JSON");
    }

    @Test
    void anAnswerInAnotherEncodingThanUtf8IsSaidToBeSo() {
        server.enqueue(new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json")
                .body(new okio.Buffer().write("{\"text\":\"Grüße aus Köln\"}".getBytes(StandardCharsets.ISO_8859_1)))
                .build());
        assertThatThrownBy(() -> transcriber(Optional.empty(), 0, Duration.ofSeconds(10)).transcribe(audio))
                .isInstanceOfSatisfying(SenseException.class, e -> assertThat(e.kind())
                        .isEqualTo(SenseException.Kind.PROVIDER))
                .hasMessageContaining("answered text that is not UTF-8 (byte 0xFC at offset 11)")
                .hasMessageNotContaining("not JSON");
    }

    @Test
    void aSlowProviderTimesOut() {
        server.enqueue(new MockResponse.Builder().code(200).headersDelay(5, TimeUnit.SECONDS).body(VERBOSE).build());
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> transcriber(Optional.empty(), 0, Duration.ofSeconds(1)).transcribe(audio))
                .isInstanceOfSatisfying(SenseException.class, e -> assertThat(e.kind())
                        .isEqualTo(SenseException.Kind.TIMEOUT)).hasMessageContaining("within 1 s");
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(4));
    }

    @Test
    void withoutAnEndpointItSaysHowToConfigureOne() {
        OpenAiTranscriber none = new OpenAiTranscriber(new OutboundHttp(journal),
                () -> SenseSettings.transcribeOf(null, k -> null), sleeps::add);
        assertThat(none.configured()).isFalse();
        assertThatThrownBy(() -> none.transcribe(audio))
                .isInstanceOfSatisfying(SenseException.class, e -> assertThat(e.kind())
                        .isEqualTo(SenseException.Kind.NOT_CONFIGURED)).hasMessageContaining("sense.transcribe.base_url");
        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    void theKeyCanComeFromTheEnvironmentVariableTheConfigNames() throws Exception {
        var cfg = JSON.readTree("{\"transcribe\":{\"base_url\":\"" + server.url("/v1") + "\",\"model\":\"m1\","
                + "\"api_key_env\":\"MY_STT_KEY\"}}");
        SenseSettings.Transcribe s = SenseSettings.transcribeOf(cfg, k -> k.equals("MY_STT_KEY") ? "env-key-42"
                : null);
        assertThat(s.apiKey()).contains("env-key-42");
        assertThat(s.toString()).doesNotContain("env-key-42");
        server.enqueue(json(200, VERBOSE));
        new OpenAiTranscriber(new OutboundHttp(journal), () -> s, sleeps::add).transcribe(audio);
        assertThat(server.takeRequest(5, TimeUnit.SECONDS).getHeaders().get("Authorization"))
                .isEqualTo("Bearer env-key-42");
    }

    record Part(String filename, String contentType, byte[] bytes) {
        String text() {
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    /** Splits a multipart/form-data body by the boundary its Content-Type names. */
    static Map<String, Part> multipart(RecordedRequest r) {
        String type = r.getHeaders().get("Content-Type");
        assertThat(type).startsWith("multipart/form-data; boundary=");
        String boundary = type.substring(type.indexOf("boundary=") + 9);
        String body = new String(r.getBody().toByteArray(), StandardCharsets.ISO_8859_1);
        assertThat(body).endsWith("--" + boundary + "--\r\n");
        Map<String, Part> parts = new LinkedHashMap<>();
        Pattern name = Pattern.compile("name=\"([^\"]+)\"(?:; filename=\"([^\"]*)\")?");
        for (String chunk : body.split("--" + Pattern.quote(boundary))) {
            int sep = chunk.indexOf("\r\n\r\n");
            if (sep < 0) {
                continue;
            }
            String head = chunk.substring(0, sep);
            Matcher m = name.matcher(head);
            assertThat(m.find()).as(head).isTrue();
            String ct = head.lines().filter(l -> l.startsWith("Content-Type: ")).map(l -> l.substring(14))
                    .findFirst().orElse(null);
            String content = chunk.substring(sep + 4, chunk.length() - 2); // minus the CRLF before the boundary
            parts.put(m.group(1), new Part(m.group(2), ct, content.getBytes(StandardCharsets.ISO_8859_1)));
        }
        return parts;
    }
}
