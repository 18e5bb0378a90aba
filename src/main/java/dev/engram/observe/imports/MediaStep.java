package dev.engram.observe.imports;

import dev.engram.journal.LineText;
import dev.engram.observe.api.AudioTranscriber;
import dev.engram.observe.api.ImportException;
import dev.engram.observe.api.SpokenText;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Audio ({@code .flac .m4a .mp3 .wav .ogg .opus}) and video ({@code .webm .mp4 .mov}, their audio track), as §8's
 * importer does: {@code ffprobe} for the length, then per 5-minute window an {@code ffmpeg} slice
 * ({@code imported_audio.<ext>}; a video's sound as {@code .m4a}) transcribed through the {@link AudioTranscriber},
 * its pieces placed at absolute clock times. Every window is sliced and transcribed before any segment is written, so
 * a failure (no provider, provider error, ffmpeg error or timeout) leaves no segment behind. Progress is reported per
 * window. Stateless and thread-safe; each child process is bounded by {@link FfmpegRun#TIMEOUT}.
 */
final class MediaStep implements ImportStep {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(MediaStep.class);
    static final int WINDOW_SECONDS = 300;
    /** The working folder inside the import's folder. */
    static final String WORK = ".work";
    /** At most a day of media (288 windows). */
    static final int MAX_WINDOWS = 288;
    /**
     * A remainder at most this long joins the last window (which then lasts a little over 5 minutes): 900.05 s of
     * sound made a fourth, 1-second segment and a fourth transcription call for a twentieth of a second.
     */
    static final double TAIL_JOINS_SECONDS = 1.0;

    /** One slice of the media: its start and whole-second length (at least 1). */
    record Window(int offset, int length) {
    }

    /** The 5-minute windows of {@code seconds} of media; the last one takes a remainder of up to 1 s. */
    static List<Window> windows(double seconds) {
        int n = Math.max(1, (int) Math.ceil((seconds - TAIL_JOINS_SECONDS) / WINDOW_SECONDS));
        List<Window> out = new ArrayList<>(Math.min(n, MAX_WINDOWS + 1));
        for (int i = 0; i < n && i <= MAX_WINDOWS; i++) {
            int offset = i * WINDOW_SECONDS;
            int length = i < n - 1 ? WINDOW_SECONDS : (int) Math.max(1, Math.ceil(seconds - offset));
            out.add(new Window(offset, length));
        }
        return out;
    }
    private static final Set<String> AUDIO = Set.of("flac", "m4a", "mp3", "wav", "ogg", "opus");
    private static final Set<String> VIDEO = Set.of("webm", "mp4", "mov");

    private final AudioTranscriber transcriber;
    private final boolean video;

    private MediaStep(AudioTranscriber transcriber, boolean video) {
        this.transcriber = transcriber;
        this.video = video;
    }

    /** The audio and the video step, both transcribing through {@code transcriber}. */
    static List<ImportStep> steps(AudioTranscriber transcriber) {
        return List.of(new MediaStep(transcriber, false), new MediaStep(transcriber, true));
    }

    /** The MIME type of a media file name, or null when it is not media. */
    static String mime(String lowerName) {
        String ext = lowerName.substring(lowerName.lastIndexOf('.') + 1);
        return switch (ext) {
            case "flac" -> "audio/flac";
            case "m4a" -> "audio/mp4";
            case "mp3" -> "audio/mpeg";
            case "wav" -> "audio/wav";
            case "ogg", "opus" -> "audio/ogg";
            case "webm" -> "video/webm";
            case "mp4" -> "video/mp4";
            case "mov" -> "video/quicktime";
            default -> null;
        };
    }

    @Override
    public Set<String> extensions() {
        return video ? VIDEO : AUDIO;
    }

    @Override
    public String kind() {
        return video ? "video" : "audio";
    }

    @Override
    public void check() {
        if (!transcriber.configured()) {
            throw new ImportException("not_configured", "importing " + kind() + " needs a transcription provider: "
                    + transcriber.howToConfigure());
        }
    }

    @Override
    public ImportedContent read(Path original, ImportContext ctx) throws IOException {
        check();
        String ext = extension(original);
        String sliceExt = video ? "m4a" : ext;
        Path work = workFolder(ctx);
        Files.createDirectories(work);
        FfmpegRun ffmpeg = new FfmpegRun(work.resolve("ffmpeg.log"));
        double seconds = ffmpeg.duration(original);
        List<Window> cut = windows(seconds);
        int windows = cut.size();
        if (windows > MAX_WINDOWS) {
            throw new ImportException("too_long", "the " + kind() + " lasts " + Duration.ofSeconds((long) seconds)
                    .toHours() + " h; Engram imports at most " + MAX_WINDOWS * WINDOW_SECONDS / 3600 + " h at once:"
                    + " cut it first (e.g. ffmpeg -ss/-t)");
        }
        List<ImportedSegment> segments = new ArrayList<>();
        ctx.progress().accept(0, windows);
        for (int i = 0; i < windows; i++) {
            int offset = cut.get(i).offset();
            int length = cut.get(i).length();
            Path slice = work.resolve(String.format(Locale.ROOT, "slice-%03d.%s", i, sliceExt));
            ffmpeg.slice(original, offset, length, slice);
            SpokenText text = transcriber.transcribe(slice);
            LocalDateTime start = ctx.start().plusSeconds(offset);
            List<ImportedSegment.Line> lines = new ArrayList<>();
            for (SpokenText.Piece p : text.segments()) {
                String t = p.text().strip();
                if (!t.isEmpty()) { // a piece too long for one journal line is several lines at its time
                    for (String piece : LineText.pieces(t)) {
                        lines.add(new ImportedSegment.Line(start.plusNanos((long) (p.start() * 1e9)).toLocalTime()
                                .withNano(0), Optional.empty(), piece));
                    }
                }
            }
            segments.add(new ImportedSegment(start, length, lines, Map.of("imported_audio." + sliceExt, slice)));
            ctx.progress().accept(i + 1, windows);
        }
        List<String> notes = video ? List.of("the video's sound was transcribed (its frames are not read)")
                : List.of();
        return new ImportedContent(segments, Map.of(), notes);
    }

    /** Removes the import's working folder ({@code .work/}: slices and {@code ffmpeg.log}), never the original. */
    @Override
    public void cleanUp(ImportContext ctx) {
        Path work = workFolder(ctx);
        if (!Files.isDirectory(work, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (var files = Files.list(work)) {
            for (Path f : files.toList()) {
                Files.deleteIfExists(f);
            }
            Files.deleteIfExists(work);
        } catch (IOException e) {
            log.warn("cannot remove the working files ({}/) of import {}: {}", WORK, ctx.id(), e.getMessage());
        }
    }

    /**
     * {@code imports/<id>/.work/}: the slices and {@code ffmpeg.log} of a running import, apart from the original
     * (whose stored name never starts with a dot), so removing them can never remove it.
     */
    private static Path workFolder(ImportContext ctx) {
        return ctx.journal().imports().file(ctx.id(), "import.json").resolveSibling(WORK);
    }

    private static String extension(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return n.substring(n.lastIndexOf('.') + 1);
    }
}
