package dev.engram.observe.sense;

import dev.engram.journal.InvalidNameException;
import dev.engram.journal.SegmentFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Whose is the {@code <stem>.jsonl} beside a media file, decided by its header (first line), read bounded: it is the
 * media file's extract only when its {@code raw} names that file (what {@link Outputs} writes), or when it is an
 * import's transcript ({@code imported} in its header: the importer's transcript of its own slice, done for good).
 * An older pipeline's extract, whose {@code raw} names a file of the same kind that is not in the segment (solstone's
 * {@code "raw": "raw.flac"} beside {@code audio.flac}), counts as done, as the reference counts any
 * {@code <stem>.jsonl} (but a redo does not overwrite it). Anything else (an observer's capture that shares the stem,
 * another media file's extract, an unreadable header) is not sense's to overwrite, nor to count as done.
 *
 * <p>{@link #plan} decides, before any file is dispatched, what becomes of each media file of a segment: processed,
 * skipped (its extract is there), or an error naming why its output is not written. Of media files sharing one output
 * ({@code screen.webm}, {@code screen.mp4}) with none written yet, the first by name is processed and each other one
 * is an error. It also gives the origin ({@code remote}, {@code observer}) kept in the headers of the segment's own
 * extracts, for a run that has none ({@code engram sense}).
 *
 * <p><b>Threads:</b> stateless; reads files on the caller's thread.
 */
final class Extracts {
    /** At most this many bytes of an existing output are read for its header. */
    static final int MAX_HEADER = 64 * 1024;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private Extracts() {
    }

    /** An existing output's header; {@code raw} empty when it has none (or none could be read). */
    record Header(Optional<String> raw, boolean imported, Map<String, Object> origin) {
        /** Whether this is sense's extract of {@code media}: its {@code raw} names it, and it is no import's. */
        boolean extractOf(String media) {
            return !imported && raw.filter(media::equals).isPresent();
        }
    }

    /**
     * What becomes of one media file: processed, skipped (done), or {@code error} (not written), with what the owner
     * must do about it (a retry alone would find the same).
     */
    record Verdict(boolean process, String error, Remedy remedy) {
        static final Verdict PROCESS = new Verdict(true, null, null);
        static final Verdict SKIP = new Verdict(false, null, null);

        static Verdict error(String why, Remedy remedy) {
            return new Verdict(false, why, remedy);
        }

        /** Skipped: its extract is there. */
        boolean done() {
            return !process && error == null;
        }
    }

    /**
     * The verdict per media file (audio, video) of {@code names}, the origin its existing extracts name, and the
     * outputs among {@code names} that are a media file's extract (sense's, an import's or an older pipeline's): text
     * derived from a capture, not a capture of its own, so not checked as one.
     */
    record Plan(Map<String, Verdict> verdicts, Map<String, Object> origin, Set<String> extracts) {
        Verdict of(String name) {
            return verdicts.getOrDefault(name, Verdict.PROCESS);
        }
    }

    static Plan plan(SegmentFiles sf, List<String> names, boolean redo) {
        Map<String, List<String>> byOutput = new TreeMap<>();
        for (String n : names.stream().sorted().distinct().toList()) {
            FileKind k = FileKind.of(n);
            if ((k == FileKind.AUDIO || k == FileKind.VIDEO) && present(sf, n)) {
                byOutput.computeIfAbsent(Outputs.outputName(n), o -> new ArrayList<>()).add(n);
            }
        }
        Map<String, Verdict> verdicts = new LinkedHashMap<>();
        Map<String, Object> origin = new LinkedHashMap<>();
        Set<String> extracts = new HashSet<>();
        for (Map.Entry<String, List<String>> e : byOutput.entrySet()) {
            String output = e.getKey();
            Optional<Header> h;
            try {
                h = header(sf.file(output));
            } catch (InvalidNameException ex) {
                continue; // the media's own name is refused when it is dispatched
            }
            for (String media : e.getValue()) {
                Verdict v;
                if (h.isEmpty()) {
                    String first = e.getValue().getFirst();
                    v = media.equals(first) ? Verdict.PROCESS : Verdict.error(output + " is also the output of "
                            + first + ", which is processed: not written for " + media, new Remedy("rename " + media
                            + " to have it read too (its extract is named after it)", true));
                } else if (h.get().imported()) {
                    v = Verdict.SKIP; // an import's transcript of its slice, even with --redo
                    extracts.add(output);
                } else if (h.get().extractOf(media)) {
                    v = redo ? Verdict.PROCESS : Verdict.SKIP;
                    h.get().origin().forEach(origin::putIfAbsent);
                    extracts.add(output);
                } else if (olderExtract(h.get(), media, e.getValue())) {
                    extracts.add(output);
                    // done, as solstone counts it; a redo still never overwrites it
                    v = !redo ? Verdict.SKIP : Verdict.error(output + " is an older pipeline's extract (its raw is "
                            + h.get().raw().orElseThrow() + "): not overwritten by --redo; move it aside to redo "
                            + media, Remedy.moveAside(output, media));
                } else {
                    v = Verdict.error(notItsExtract(output, media), Remedy.moveAside(output, media));
                }
                verdicts.put(media, v);
            }
        }
        return new Plan(verdicts, origin, Set.copyOf(extracts));
    }

    /**
     * An extract an older pipeline wrote for this media file under another name: its {@code raw} is a file of the
     * same kind that is not in the segment (solstone's transcripts say {@code "raw": "raw.flac"} beside
     * {@code audio.flac}; the reference counts any {@code <stem>.jsonl} as processed). Not one naming a sibling that
     * shares the output, nor a capture ({@code "raw": "tmux"}).
     */
    private static boolean olderExtract(Header h, String media, List<String> siblings) {
        return h.raw().map(r -> r.substring(r.lastIndexOf('/') + 1))
                .filter(r -> FileKind.of(r) == FileKind.of(media) && !siblings.contains(r)).isPresent();
    }

    private static boolean present(SegmentFiles sf, String name) {
        try {
            return Files.isRegularFile(sf.file(name));
        } catch (InvalidNameException e) {
            return false;
        }
    }

    /**
     * Refuses ({@link NotOwn}, {@link #notItsExtract}) to go on when {@code output} now exists and is not the extract
     * of {@code media}: what was decided before dispatch, checked again right before the write.
     */
    static void requireOwn(Path output, String media) {
        Optional<Header> h = header(output);
        if (h.isPresent() && !h.get().extractOf(media)) {
            String name = output.getFileName().toString();
            throw new NotOwn(notItsExtract(name, media), Remedy.moveAside(name, media));
        }
    }

    /** The output that came meanwhile is not the media file's extract: not overwritten. */
    static final class NotOwn extends RuntimeException {
        final transient Remedy remedy;

        NotOwn(String message, Remedy remedy) {
            super(message, null, false, false);
            this.remedy = remedy;
        }
    }

    static String notItsExtract(String output, String media) {
        return output + " exists and is not the extract of " + media + ": not overwritten";
    }

    /**
     * The header of an existing output, or empty when there is none. A header that cannot be read (not a file, over
     * {@link #MAX_HEADER} bytes, not a JSON object) is one with no {@code raw}: no media file's extract.
     */
    static Optional<Header> header(Path output) {
        if (!Files.exists(output, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        Header none = new Header(Optional.empty(), false, Map.of());
        if (!Files.isRegularFile(output, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.of(none);
        }
        byte[] head;
        try (InputStream in = Files.newInputStream(output, LinkOption.NOFOLLOW_LINKS)) {
            head = in.readNBytes(MAX_HEADER); // bounded
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of(none);
        }
        int end = 0;
        while (end < head.length && head[end] != '\n') {
            end++;
        }
        if (end == head.length && head.length == MAX_HEADER) {
            return Optional.of(none); // a first line longer than the bound
        }
        try {
            JsonNode meta = JSON.readTree(new String(head, 0, end, StandardCharsets.UTF_8));
            if (meta == null || !meta.isObject()) {
                return Optional.of(none);
            }
            Map<String, Object> origin = new LinkedHashMap<>();
            for (String k : List.of("remote", "observer")) {
                JsonNode v = meta.path(k);
                if (v.isString() && !v.asString().isBlank()) {
                    origin.put(k, v.asString());
                }
            }
            JsonNode raw = meta.path("raw");
            return Optional.of(new Header(raw.isString() ? Optional.of(raw.asString()) : Optional.empty(),
                    meta.path("imported").isObject(), origin));
        } catch (RuntimeException e) {
            return Optional.of(none);
        }
    }
}
