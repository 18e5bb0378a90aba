package dev.engram.observe.api;

import java.util.List;
import java.util.Objects;

/**
 * What a transcription returned.
 *
 * @param segments       timed pieces of speech, in order (seconds from the start of the audio)
 * @param language       the language the provider detected or was told, or {@code ""}
 * @param seconds        the audio's duration as the provider reported it, or 0
 * @param model          the model that transcribed it
 * @param providerMillis how long the provider's HTTP exchange took (request sent to answer read)
 */
public record SpokenText(List<Piece> segments, String language, double seconds, String model, long providerMillis) {
    public SpokenText {
        segments = List.copyOf(segments);
        language = language == null ? "" : language;
        Objects.requireNonNull(model, "model");
    }

    /** One timed piece of speech. */
    public record Piece(double start, double end, String text) {
        public Piece {
            Objects.requireNonNull(text, "text");
        }
    }
}
