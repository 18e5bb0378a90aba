package dev.engram.observe.sense;

import dev.engram.journal.Journal;
import dev.engram.journal.JournalConfig;
import dev.engram.observe.api.SenseException;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.function.UnaryOperator;
import tools.jackson.databind.JsonNode;

/**
 * The {@code sense} object of {@code config/journal.json}, read at each use so a change applies without a restart:
 *
 * <pre>
 * "sense": {
 *   "transcribe": {"base_url": "http://127.0.0.1:8000/v1", "model": "whisper-1", "api_key": "...",
 *                  "api_key_env": "OPENAI_API_KEY", "language": "en", "timeout_seconds": 300, "retries": 1,
 *                  "concurrency": 2},
 *   "describe": {"interval_seconds": 1, "min_change": 0.05, "max_frames": 600, "timeout_seconds": 600,
 *                "ocr_timeout_seconds": 60, "language": "eng"}
 * }
 * </pre>
 *
 * Everything is optional; without {@code base_url} and {@code model} transcription is not configured. The key is
 * {@code api_key}, else the environment variable named by {@code api_key_env}; it is never logged or shown.
 *
 * <p>The two parts are read apart ({@link #transcribe}, {@link #describe}): a mistake in one (a {@code base_url}
 * that is not a URL) fails only the files that part handles, never the other's (screen recordings are read without
 * any transcription setting).
 */
final class SenseSettings {

    /** The transcription endpoint. {@code apiKey} is resolved (config or environment) and never printed. */
    record Transcribe(Optional<URI> baseUrl, String model, Optional<String> apiKey, String language,
                      Duration timeout, int retries, int concurrency) {
        boolean configured() {
            return baseUrl.isPresent() && !model.isBlank();
        }

        /** {@code <base_url>/audio/transcriptions} (the base URL usually ends in {@code /v1}). */
        URI endpoint() {
            String base = baseUrl.orElseThrow().toString();
            return URI.create((base.endsWith("/") ? base : base + "/") + "audio/transcriptions");
        }

        @Override
        public String toString() { // never the key
            return "Transcribe[" + baseUrl.map(URI::toString).orElse("-") + ", " + model + "]";
        }
    }

    /** Frame sampling and OCR. */
    record Describe(double intervalSeconds, double minChange, int maxFrames, Duration timeout, Duration ocrTimeout,
                    String language) {
    }

    static final Describe DEFAULT_DESCRIBE = new Describe(1.0, 0.05, 600, Duration.ofMinutes(10),
            Duration.ofSeconds(60), "eng");

    private SenseSettings() {
    }

    /**
     * The journal's {@code sense.transcribe} now; {@code env} looks up environment variables (System::getenv). A
     * {@code base_url} that is not an http(s) URL is a {@code NOT_CONFIGURED} {@link SenseException} saying so.
     */
    static Transcribe transcribe(Journal journal, UnaryOperator<String> env) {
        return transcribeOf(sense(journal), env);
    }

    /** The journal's {@code sense.describe} now: never fails (a value out of range is its default). */
    static Describe describe(Journal journal) {
        return describeOf(sense(journal));
    }

    private static JsonNode sense(Journal journal) {
        return Optional.ofNullable(journal.config()).map(JournalConfig::extra).flatMap(e -> e.get("sense"))
                .orElse(null);
    }

    /** The {@code transcribe} part of a {@code sense} object (null: none). */
    static Transcribe transcribeOf(JsonNode sense, UnaryOperator<String> env) {
        JsonNode t = sense == null ? null : sense.get("transcribe");
        Optional<URI> base = text(t, "base_url").map(SenseSettings::uri);
        Optional<String> key = text(t, "api_key")
                .or(() -> text(t, "api_key_env").map(env).filter(v -> !v.isBlank()));
        return new Transcribe(base, text(t, "model").orElse(""), key, text(t, "language").orElse(""),
                Duration.ofSeconds(number(t, "timeout_seconds", 300, 1, 86_400).longValue()),
                number(t, "retries", 1, 0, 5).intValue(), number(t, "concurrency", 2, 1, 16).intValue());
    }

    /** The {@code describe} part of a {@code sense} object (null: none). */
    static Describe describeOf(JsonNode sense) {
        JsonNode d = sense == null ? null : sense.get("describe");
        return new Describe(number(d, "interval_seconds", DEFAULT_DESCRIBE.intervalSeconds(), 0.05, 3600)
                .doubleValue(), number(d, "min_change", DEFAULT_DESCRIBE.minChange(), 0, 1).doubleValue(),
                number(d, "max_frames", DEFAULT_DESCRIBE.maxFrames(), 1, 100_000).intValue(),
                Duration.ofSeconds(number(d, "timeout_seconds", 600, 1, 86_400).longValue()),
                Duration.ofSeconds(number(d, "ocr_timeout_seconds", 60, 1, 3600).longValue()),
                text(d, "language").filter(l -> l.matches("[A-Za-z_+]{1,64}")).orElse("eng"));
    }

    private static URI uri(String s) {
        try {
            URI u = URI.create(s.strip());
            if (u.getScheme() == null || !(u.getScheme().equals("http") || u.getScheme().equals("https"))
                    || u.getHost() == null) {
                throw new IllegalArgumentException("not http(s)");
            }
            return u;
        } catch (IllegalArgumentException e) {
            throw new SenseException(SenseException.Kind.NOT_CONFIGURED, "sense.transcribe.base_url in"
                    + " config/journal.json is not an http(s) URL: fix it, e.g. http://127.0.0.1:8000/v1");
        }
    }

    private static Optional<String> text(JsonNode o, String name) {
        JsonNode n = o == null ? null : o.get(name);
        return n != null && n.isString() && !n.stringValue().isBlank() ? Optional.of(n.stringValue().strip())
                : Optional.empty();
    }

    /** A number in {@code [min, max]}; anything else (absent, not a number, out of range) is the default. */
    private static Number number(JsonNode o, String name, double dflt, double min, double max) {
        JsonNode n = o == null ? null : o.get(name);
        if (n == null || !n.isNumber() || n.asDouble() < min || n.asDouble() > max) {
            return dflt;
        }
        return n.asDouble();
    }
}
