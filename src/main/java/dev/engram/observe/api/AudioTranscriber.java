package dev.engram.observe.api;

import java.nio.file.Path;

/**
 * Speech to timed text. The implementation posts the file to the OpenAI-compatible
 * {@code POST <base_url>/audio/transcriptions} endpoint configured in {@code config/journal.json}
 * ({@code sense.transcribe}); the configuration is read at each call, so a change applies without a restart.
 */
public interface AudioTranscriber {
    /**
     * Transcribes one audio file (blocking, bounded by the configured timeout).
     *
     * @throws SenseException {@code NOT_CONFIGURED}, {@code PROVIDER}, {@code TIMEOUT} or {@code INPUT}
     */
    SpokenText transcribe(Path audio);

    /** Whether an endpoint and model are configured now. */
    boolean configured();

    /** One sentence telling the owner how to configure transcription. */
    String howToConfigure();
}
