package dev.engram.observe.sense;

import dev.engram.journal.AudioTranscript;
import dev.engram.journal.Extra;
import dev.engram.journal.LineText;
import dev.engram.journal.ScreenExtract;
import dev.engram.journal.ScreenFrame;
import dev.engram.journal.SegmentFiles;
import dev.engram.observe.api.FrameReader;
import dev.engram.observe.api.SenseException;
import dev.engram.observe.api.SpokenText;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Writes what a handler produced as the reference's extract, {@code <stem>.jsonl} beside the media file, atomically
 * (the journal's {@code SegmentFiles.writeAudio} / {@code writeScreen}).
 *
 * <ul>
 *   <li>Audio ({@code audio.flac} → {@code audio.jsonl}): metadata {@code {raw, backend, model, language?, remote?,
 *   observer?}}, then one line {@code {start "HH:MM:SS" from the segment start, source?, text}} per piece (a piece
 *   longer than a journal line holds is several lines at its start, {@link LineText#pieces}); the
 *   source comes from a {@code <source>_audio} stem ({@code mic_audio.flac} → {@code mic}). A piece starting more
 *   than {@link #SLACK_SECONDS} past the segment's end (or at no number) fails the file ({@link SenseException},
 *   nothing written); a negative start is 00:00:00.</li>
 *   <li>Video ({@code center_DP-3_screen.webm} → {@code center_DP-3_screen.jsonl}): metadata {@code {raw, remote?,
 *   observer?}}, then per kept frame {@code {frame_id, timestamp, requests[{type:"ocr", model:"tesseract",
 *   duration}], analysis{visual_description: the OCR text, primary: "", secondary: "", overlap: false}, change}}.</li>
 * </ul>
 */
final class Outputs {
    /**
     * The most chars of a frame's OCR text kept (a screenful is a few thousand): at most 60,000 UTF-8 bytes, within
     * what one journal line holds ({@link LineText#MAX_BYTES}), so a screen extract's every line is read back.
     */
    static final int MAX_TEXT = 20_000;
    /** How far past its segment's end a transcript line may start (the audio may run a little over). */
    static final int SLACK_SECONDS = 60;

    private Outputs() {
    }

    static String outputName(String media) {
        int dot = media.lastIndexOf('.');
        return (dot < 0 ? media : media.substring(0, dot)) + ".jsonl";
    }

    static void writeAudio(SegmentFiles files, String media, SpokenText spoken, Map<String, Object> origin) {
        Extra meta = Extra.empty().with("raw", media).with("backend", "openai-compatible").with("model",
                spoken.model());
        if (!spoken.language().isBlank()) {
            meta = meta.with("language", spoken.language());
        }
        meta = withOrigin(meta, origin);
        int length = files.segment().key().lengthSeconds();
        spoken.segments().stream().filter(p -> !(p.start() <= length + SLACK_SECONDS)).findFirst().ifPresent(p -> {
            throw new SenseException(SenseException.Kind.PROVIDER, "the transcription answered a start of "
                    + p.start() + " s, past the end of the " + length + " s segment: " + outputName(media)
                    + " not written");
        });
        Optional<String> source = sourceOf(media);
        // a piece too long for one journal line (a reader skips it) is several lines at its start
        List<AudioTranscript.Utterance> lines = spoken.segments().stream().flatMap(p -> LineText.pieces(p.text())
                .stream().map(text -> new AudioTranscript.Utterance(clock(p.start()), text, source, Optional.empty(),
                        Optional.empty(), Extra.empty()))).toList();
        files.writeAudio(new AudioTranscript(outputName(media), AudioTranscript.FORMAT, meta, lines));
    }

    static void writeScreen(SegmentFiles files, String media, List<FrameReader.ScreenText> frames,
                            Map<String, Object> origin) {
        Extra meta = withOrigin(Extra.empty().with("raw", media), origin);
        List<ScreenFrame> out = frames.stream().map(f -> new ScreenFrame(OptionalLong.of(f.frameId()), f.timestamp(),
                capped(f.text()), "", "", false,
                Optional.empty(), Extra.empty(), Extra.empty()
                .with("requests", List.of(Map.of("type", "ocr", "model", "tesseract", "duration",
                        f.ocrMillis() / 1000.0)))
                .with("change", f.change()))).toList();
        files.writeScreen(new ScreenExtract(outputName(media), ScreenExtract.FORMAT, meta, out));
    }

    /** A frame's text, at most {@link #MAX_TEXT} chars, never cut between the two chars of one character. */
    static String capped(String text) {
        if (text.length() <= MAX_TEXT) {
            return text;
        }
        return text.substring(0, Character.isHighSurrogate(text.charAt(MAX_TEXT - 1)) ? MAX_TEXT - 1 : MAX_TEXT);
    }

    private static Extra withOrigin(Extra meta, Map<String, Object> origin) {
        for (String k : List.of("remote", "observer")) {
            Object v = origin.get(k);
            if (v != null) {
                meta = meta.with(k, v);
            }
        }
        return meta;
    }

    /** {@code mic_audio.flac} → mic, {@code sys_audio.flac} → sys; {@code audio.flac} has none. */
    static Optional<String> sourceOf(String media) {
        String stem = media.contains(".") ? media.substring(0, media.lastIndexOf('.')) : media;
        if (stem.endsWith("_audio") && stem.length() > "_audio".length()) {
            return Optional.of(stem.substring(0, stem.length() - "_audio".length()));
        }
        return Optional.empty();
    }

    static String clock(double seconds) {
        long s = (long) Math.max(0, Math.floor(seconds));
        return String.format(Locale.ROOT, "%02d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60);
    }
}
