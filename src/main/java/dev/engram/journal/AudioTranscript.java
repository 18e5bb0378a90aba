package dev.engram.journal;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A transcript of one audio capture: {@code <segment>/<stem>audio.jsonl}, whose first line is metadata ({@code raw},
 * {@code setting}, {@code diarization}...) and every further line one {@link Utterance}. Older journals have a legacy
 * {@code audio.json} array of utterances without metadata; it reads as format {@link #LEGACY_ARRAY}.
 */
public record AudioTranscript(String fileName, JournalFormat format, Extra meta, List<Utterance> utterances) {
    public static final JournalFormat FORMAT = new JournalFormat("audio-jsonl", 1,
            "*audio.jsonl: metadata line {raw, setting, diarization...}, then {start HH:MM:SS, text, source, speaker, description}",
            false);
    public static final JournalFormat LEGACY_ARRAY = new JournalFormat("audio-json-array", 0,
            "legacy audio.json: one JSON array of utterances, no metadata", true);

    public AudioTranscript {
        Names.fileName(fileName);
        meta = meta == null ? Extra.empty() : meta;
        utterances = List.copyOf(utterances);
    }

    /** The captured media file this transcript came from ({@code raw}), when known. */
    public Optional<String> raw() {
        return meta.string("raw");
    }

    /**
     * Whether this transcript was written by the importer ({@code imported} in its metadata): its utterances' starts
     * are then clock times, not offsets from the segment start (spec §4).
     */
    public boolean imported() {
        return meta.get("imported").isPresent();
    }

    /** One spoken line. {@code start} is {@code HH:MM:SS} from the segment start (clock time for imports). */
    public record Utterance(String start, String text, Optional<String> source, Optional<String> speaker,
                            Optional<String> description, Extra extra) {
        private static final Set<String> KNOWN = Set.of("start", "text", "source", "speaker", "description");

        public Utterance {
            start = start == null ? "" : start;
            if (text == null) {
                throw new JournalException("utterance has no 'text'");
            }
            source = source == null ? Optional.empty() : source;
            speaker = speaker == null ? Optional.empty() : speaker;
            description = description == null ? Optional.empty() : description;
            extra = extra == null ? Extra.empty() : extra;
        }

        public static Utterance of(String start, String text, String speaker) {
            return new Utterance(start, text, Optional.empty(), Optional.ofNullable(speaker), Optional.empty(),
                    Extra.empty());
        }

        /** {@code start} as a duration, or zero when it is not {@code [H]H:MM:SS} (see {@link #parsedOffset()}). */
        public Duration offset() {
            return parsedOffset().orElse(Duration.ZERO);
        }

        /**
         * {@code start} as a duration, or empty when it is not {@code [H]H:MM:SS} or does not fit a duration (a huge
         * hour count overflows): such a start is unparsable, never an exception.
         */
        public Optional<Duration> parsedOffset() {
            String[] p = start.split(":");
            try {
                if (p.length == 3) {
                    return Optional.of(Duration.ofHours(Long.parseLong(p[0])).plusMinutes(Long.parseLong(p[1]))
                            .plusSeconds((long) Double.parseDouble(p[2])));
                }
            } catch (NumberFormatException | ArithmeticException ignored) {
                // unparsable
            }
            return Optional.empty();
        }

        static Utterance decode(ObjectNode o) {
            JsonNode sp = o.get("speaker");
            Optional<String> speaker = sp == null || sp.isNull() ? Optional.empty()
                    : Optional.of(sp.isString() ? sp.stringValue() : sp.asString());
            return new Utterance(Json.string(o, "start", ""), Json.string(o, "text").orElseThrow(
                    () -> new JournalException("utterance has no 'text'")), Json.string(o, "source"), speaker,
                    Json.string(o, "description"), Extra.from(o, KNOWN));
        }

        ObjectNode encode() {
            ObjectNode o = Json.object();
            o.put("start", start);
            Json.putIfPresent(o, "source", source);
            // Diarized speakers are numbers in the reference; named ones strings.
            speaker.ifPresent(s -> {
                if (s.matches("-?\\d{1,9}")) {
                    o.put("speaker", Integer.parseInt(s));
                } else {
                    o.put("speaker", s);
                }
            });
            o.put("text", text);
            Json.putIfPresent(o, "description", description);
            extra.writeTo(o);
            return o;
        }
    }
}
