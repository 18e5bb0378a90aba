package dev.engram.observe.sense;

import dev.engram.cortex.api.Outbound;
import dev.engram.cortex.api.OutboundCall;
import dev.engram.cortex.api.ResponseTooLargeException;
import dev.engram.journal.Journal;
import dev.engram.observe.api.AudioTranscriber;
import dev.engram.observe.api.SenseException;
import dev.engram.observe.api.SpokenText;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@link AudioTranscriber} for OpenAI-compatible endpoints (OpenAI, Groq, a local whisper.cpp / faster-whisper /
 * speaches server): {@code POST <base_url>/audio/transcriptions}, multipart {@code file}, {@code model},
 * {@code response_format=verbose_json} ({@code timestamp_granularities[]=segment}, optional {@code language}), bearer
 * key when one is configured; the answer's {@code segments[{start, end, text}]} (or, when they give no piece, its
 * {@code text} alone) becomes the {@link SpokenText}; a piece whose times are not JSON numbers fails the file. Every
 * request goes through {@link Outbound} as {@code ("transcription", model, "transcribe")}. 429 and 5xx are retried
 * ({@code retries}, default 1) after {@code Retry-After} (at most 10 s); 4xx are not.
 */
public final class OpenAiTranscriber implements AudioTranscriber {
    static final String HOW = "set sense.transcribe.base_url (e.g. http://127.0.0.1:8000/v1) and sense.transcribe.model"
            + " (e.g. whisper-1) in config/journal.json, and the key as sense.transcribe.api_key or in the environment"
            + " variable named by sense.transcribe.api_key_env (see docs/observe.md)";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final long MAX_AUDIO = 2L * 1024 * 1024 * 1024;
    /** The most of an answer held in memory: a transcript of hours of audio is a few MiB at most. */
    static final long MAX_ANSWER = 16L << 20;
    private static final Map<String, String> TYPES = Map.of("flac", "audio/flac", "m4a", "audio/mp4", "mp3",
            "audio/mpeg", "wav", "audio/wav", "ogg", "audio/ogg", "opus", "audio/ogg", "webm", "audio/webm", "mp4",
            "audio/mp4", "mov", "video/quicktime");
    private final Outbound outbound;
    private final Supplier<SenseSettings.Transcribe> settings;
    private final Sleeper sleeper;
    private final long maxAnswer;

    /** How a retry waits (tests use a recording one). */
    interface Sleeper {
        void sleep(long millis) throws InterruptedException;
    }

    OpenAiTranscriber(Outbound outbound, Supplier<SenseSettings.Transcribe> settings, Sleeper sleeper) {
        this(outbound, settings, sleeper, MAX_ANSWER);
    }

    /** With another limit on the answer's size (tests use a small one). */
    OpenAiTranscriber(Outbound outbound, Supplier<SenseSettings.Transcribe> settings, Sleeper sleeper,
                      long maxAnswer) {
        this.outbound = outbound;
        this.settings = settings;
        this.sleeper = sleeper;
        this.maxAnswer = maxAnswer;
    }

    /** A transcriber that reads {@code sense.transcribe} from the journal's config (and the environment) per call. */
    public static OpenAiTranscriber forJournal(Journal journal, Outbound outbound) {
        return new OpenAiTranscriber(outbound, () -> SenseSettings.transcribe(journal, System::getenv),
                Thread::sleep);
    }

    @Override
    public boolean configured() {
        try {
            return settings.get().configured();
        } catch (SenseException e) {
            return false;
        }
    }

    @Override
    public String howToConfigure() {
        return HOW;
    }

    @Override
    public SpokenText transcribe(Path audio) {
        SenseSettings.Transcribe s = settings.get();
        if (!s.configured()) {
            throw new SenseException(SenseException.Kind.NOT_CONFIGURED, "no transcription endpoint is configured: "
                    + HOW);
        }
        long size;
        try {
            size = Files.size(audio);
        } catch (IOException e) {
            throw new SenseException(SenseException.Kind.INPUT, audio.getFileName() + " cannot be read: "
                    + e.getMessage(), e);
        }
        if (size == 0 || size > MAX_AUDIO) {
            throw new SenseException(SenseException.Kind.INPUT, audio.getFileName() + " is " + size
                    + " bytes: not sent (empty, or over 2 GiB)");
        }
        int attempt = 0;
        while (true) {
            try {
                return once(audio, s);
            } catch (Retry r) {
                if (attempt++ >= s.retries()) {
                    throw r.failure;
                }
                try {
                    sleeper.sleep(r.waitMillis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw r.failure;
                }
            }
        }
    }

    private SpokenText once(Path audio, SenseSettings.Transcribe s) {
        String boundary = "engram-" + UUID.randomUUID();
        String name = audio.getFileName().toString();
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("model", s.model());
        fields.put("response_format", "verbose_json");
        fields.put("timestamp_granularities[]", "segment");
        if (!s.language().isBlank()) {
            fields.put("language", s.language());
        }
        StringBuilder head = new StringBuilder();
        fields.forEach((k, v) -> head.append("--").append(boundary).append("\r\n")
                .append("Content-Disposition: form-data; name=\"").append(k).append("\"\r\n\r\n")
                .append(v).append("\r\n"));
        head.append("--").append(boundary).append("\r\n")
                .append("Content-Disposition: form-data; name=\"file\"; filename=\"")
                .append(name.replace("\"", "_").replace("\r", "_").replace("\n", "_")).append("\"\r\n")
                .append("Content-Type: ").append(contentType(name)).append("\r\n\r\n");
        HttpRequest.BodyPublisher body;
        try {
            body = HttpRequest.BodyPublishers.concat(
                    HttpRequest.BodyPublishers.ofByteArray(head.toString().getBytes(StandardCharsets.UTF_8)),
                    HttpRequest.BodyPublishers.ofFile(audio),
                    HttpRequest.BodyPublishers.ofByteArray(("\r\n--" + boundary + "--\r\n")
                            .getBytes(StandardCharsets.UTF_8)));
        } catch (FileNotFoundException e) {
            throw new SenseException(SenseException.Kind.INPUT, name + " is gone", e);
        }
        HttpRequest.Builder req = HttpRequest.newBuilder(s.endpoint()).timeout(s.timeout())
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .header("Accept", "application/json")
                .POST(body);
        s.apiKey().ifPresent(k -> req.header("Authorization", "Bearer " + k));
        long t0 = System.nanoTime();
        HttpResponse<byte[]> r;
        try {
            r = outbound.sendBounded(new OutboundCall("transcription", s.model(), "transcribe"), req.build(),
                    maxAnswer);
        } catch (ResponseTooLargeException e) {
            throw new SenseException(SenseException.Kind.PROVIDER, "the transcription endpoint " + e.getMessage()
                    + " for " + name + " (a transcript is far smaller: is base_url a transcription endpoint?)", e);
        } catch (HttpTimeoutException e) {
            throw new SenseException(SenseException.Kind.TIMEOUT, "the transcription endpoint "
                    + s.endpoint().getHost() + " did not answer " + name + " within " + s.timeout().toSeconds()
                    + " s (sense.transcribe.timeout_seconds)", e);
        } catch (IOException e) {
            throw new Retry(new SenseException(SenseException.Kind.PROVIDER, "the transcription endpoint "
                    + s.endpoint().getHost() + " cannot be reached: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + e.getMessage()), e), 1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SenseException(SenseException.Kind.TIMEOUT, "transcribing " + name + " was interrupted", e);
        }
        long millis = (System.nanoTime() - t0) / 1_000_000;
        int status = r.statusCode();
        if (status == 429 || status >= 500) {
            throw new Retry(error(status, r, s), retryAfter(r));
        }
        if (status != 200) {
            throw error(status, r, s);
        }
        return parse(r.body(), s.model(), millis, s);
    }

    private static SpokenText parse(byte[] body, String model, long millis, SenseSettings.Transcribe s) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JacksonException e) {
            String host = s.endpoint().getHost();
            throw new SenseException(SenseException.Kind.PROVIDER, notUtf8(body).map(at -> "the transcription"
                    + " endpoint " + host + " answered text that is not UTF-8 (" + at + "): JSON must be UTF-8; is the"
                    + " server set to another encoding, such as ISO-8859-1?").orElse("the transcription endpoint "
                    + host + " answered something that is not JSON (is base_url the /v1 root of an OpenAI-compatible"
                    + " server?)"));
        }
        if (root == null || !root.isObject()) {
            throw new SenseException(SenseException.Kind.PROVIDER, "the transcription answer is not a JSON object");
        }
        List<SpokenText.Piece> pieces = new ArrayList<>();
        JsonNode segs = root.get("segments");
        boolean timed = segs != null && segs.isArray();
        if (timed) {
            for (int i = 0; i < segs.size(); i++) {
                JsonNode seg = segs.get(i);
                String text = seg.path("text").asString("").strip();
                if (!text.isEmpty()) {
                    pieces.add(new SpokenText.Piece(seconds(seg, i, "start", s), seconds(seg, i, "end", s), text));
                }
            }
        }
        JsonNode whole = root.get("text");
        if (pieces.isEmpty() && whole != null && whole.isString()) { // no timed piece (segments absent, null or [])
            String text = whole.stringValue().strip();
            if (!text.isEmpty()) {
                pieces.add(new SpokenText.Piece(0, root.path("duration").asDouble(0), text));
            }
        } else if (!timed && (whole == null || !whole.isString())) {
            throw new SenseException(SenseException.Kind.PROVIDER, "the transcription answer has neither 'segments'"
                    + " nor 'text'");
        }
        return new SpokenText(pieces, root.path("language").asString(""), root.path("duration").asDouble(0), model,
                millis);
    }

    /**
     * A timed piece's {@code start} or {@code end}: a JSON number, as the API sends it. Anything else (missing, null,
     * text, a number written as a string such as {@code "12.5"}) fails the file: an answer that does not say its
     * times as the format does is not trusted to say them right, and a guessed time would place the words wrongly.
     */
    private static double seconds(JsonNode seg, int index, String field, SenseSettings.Transcribe s) {
        JsonNode n = seg.get(field);
        if (n != null && n.isNumber() && Double.isFinite(n.asDouble())) {
            return n.asDouble();
        }
        String got = n == null ? "no " + field : field + " " + (n.toString().length() > 40
                ? n.toString().substring(0, 40) + "…" : n.toString());
        throw new SenseException(SenseException.Kind.PROVIDER, "the transcription endpoint " + s.endpoint().getHost()
                + " answered segments[" + index + "] with " + got + ", not a number of seconds: its times are not"
                + " trusted, nothing is written");
    }

    /** Where {@code body} stops being UTF-8 ({@code "byte 0xE9 at offset 12"}), or empty when it all is. */
    private static Optional<String> notUtf8(byte[] body) {
        ByteBuffer in = ByteBuffer.wrap(body);
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(in);
            return Optional.empty();
        } catch (CharacterCodingException e) {
            return Optional.of(String.format(Locale.ROOT, "byte 0x%02X at offset %d", body[in.position()] & 0xff,
                    in.position()));
        }
    }

    /** The provider's error, with its own message when it sent the OpenAI shape {@code {error:{message}}}. */
    private static SenseException error(int status, HttpResponse<byte[]> r, SenseSettings.Transcribe s) {
        String detail = "";
        try {
            JsonNode e = JSON.readTree(r.body()).path("error");
            String msg = e.isObject() ? e.path("message").asString("") : e.asString("");
            detail = msg.isBlank() ? "" : ": " + scrub(msg, s);
        } catch (JacksonException ignored) {
            // no JSON body: the status says enough
        }
        String host = s.endpoint().getHost();
        String fix = switch (status) {
            case 401, 403 -> " (check sense.transcribe.api_key / api_key_env)";
            case 404 -> " (check sense.transcribe.base_url: it should be the /v1 root)";
            case 429 -> " (rate limited: engram sense --day D --segment S processes it later)";
            default -> "";
        };
        return new SenseException(SenseException.Kind.PROVIDER, "the transcription endpoint " + host + " answered "
                + status + detail + fix);
    }

    /** A provider's message, at most 200 characters, with the key masked should it be echoed. */
    private static String scrub(String msg, SenseSettings.Transcribe s) {
        String m = msg.replaceAll("\\s+", " ").strip();
        Optional<String> key = s.apiKey();
        if (key.isPresent() && !key.get().isEmpty()) {
            m = m.replace(key.get(), "***");
        }
        return m.length() > 200 ? m.substring(0, 200) + "…" : m;
    }

    private static long retryAfter(HttpResponse<?> r) {
        return r.headers().firstValue("Retry-After").map(v -> {
            try {
                return Math.min(10_000L, Math.max(0L, Long.parseLong(v.strip()) * 1000));
            } catch (NumberFormatException e) {
                return 1000L;
            }
        }).orElse(1000L);
    }

    private static String contentType(String name) {
        int dot = name.lastIndexOf('.');
        return TYPES.getOrDefault(dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT),
                "application/octet-stream");
    }

    /** A failure worth one more try after {@code waitMillis}. */
    private static final class Retry extends RuntimeException {
        final SenseException failure;
        final long waitMillis;

        Retry(SenseException failure, long waitMillis) {
            super(failure.getMessage(), null, false, false);
            this.failure = failure;
            this.waitMillis = waitMillis;
        }
    }
}
