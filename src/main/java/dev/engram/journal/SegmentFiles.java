package dev.engram.journal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The files of one segment: captures (audio, video), extracts ({@code *audio.jsonl}, {@code *screen.jsonl}),
 * insights ({@code *.md}) and {@code events.jsonl}. Legacy files of older journals are reported as warnings.
 */
public final class SegmentFiles {
    private static final Set<String> AUDIO = Set.of("flac", "m4a", "opus", "ogg", "mp3", "wav");
    private static final Set<String> VIDEO = Set.of("webm", "mp4", "mov");
    private static final Set<String> IMAGE = Set.of("png", "jpg", "jpeg");
    private final Store store;
    private final Segment segment;

    SegmentFiles(Store store, Segment segment) {
        this.store = store;
        this.segment = segment;
    }

    public Segment segment() {
        return segment;
    }

    /**
     * Names of the segment's visible files, sorted. A folder (or other non-file) in the segment is skipped with a
     * warning, as is a symbolic link that leaves the journal.
     */
    public List<String> names() {
        List<String> out = new ArrayList<>();
        for (Path p : store.list(segment.dir())) {
            String n = Store.name(p);
            if (n.startsWith(".")) {
                continue;
            }
            if (Files.isRegularFile(p)) {
                out.add(n);
            } else {
                store.sink.warn(new Warning(store.rel(p), 0, Store.NOT_A_FILE));
            }
        }
        return out;
    }

    /** A file of this segment by (validated) name, for serving or reading raw bytes. */
    public Path file(String name) {
        return store.path(segment.day().key(), segment.key().key(), Names.fileName(name));
    }

    /** Captured media (audio, video, images), by name. */
    public List<String> media() {
        List<String> names = names();
        return names.stream().filter(n -> SegmentFileKind.of(n, names) == SegmentFileKind.MEDIA).toList();
    }

    public static boolean isAudio(String name) {
        return AUDIO.contains(extension(name));
    }

    public static boolean isVideo(String name) {
        return VIDEO.contains(extension(name));
    }

    public static boolean isImage(String name) {
        return IMAGE.contains(extension(name));
    }

    /** Warns about every legacy file of this segment (by name only; nothing is read). */
    public void checkLegacy() {
        List<String> names = names();
        for (String n : names) {
            SegmentFileKind kind = SegmentFileKind.of(n, names);
            if (kind.legacy()) {
                warn(n, kind.legacyMessage(n));
            }
        }
    }

    /** Audio transcripts; a legacy {@code audio.json} array is read only when no {@code audio.jsonl} exists. */
    public List<AudioTranscript> audio() {
        List<String> names = names();
        List<AudioTranscript> out = new ArrayList<>();
        for (String n : names) {
            SegmentFileKind kind = SegmentFileKind.of(n, names);
            switch (kind) {
                case AUDIO_TRANSCRIPT -> out.add(readAudio(n));
                case LEGACY_AUDIO_ARRAY -> {
                    warn(n, kind.legacyMessage(n));
                    out.add(readLegacyAudio(n));
                }
                case LEGACY_AUDIO_SHADOWED -> warn(n, kind.legacyMessage(n));
                default -> { }
            }
        }
        return out;
    }

    private AudioTranscript readAudio(String name) {
        String rel = rel(name);
        List<AudioTranscript.Utterance> utterances = new ArrayList<>();
        Extra[] meta = {Extra.empty()};
        boolean[] first = {true};
        JsonLines.forEach(store, at(name), line -> {
            if (line.object().isEmpty()) {
                return;
            }
            ObjectNode o = line.object().get();
            if (first[0] && !o.has("start")) {
                meta[0] = Extra.from(o, Set.of());
            } else {
                try {
                    utterances.add(AudioTranscript.Utterance.decode(o));
                } catch (JournalException e) {
                    store.sink.warn(new Warning(rel, line.number(), "skipped utterance: " + e.getMessage()));
                }
            }
            first[0] = false;
        });
        return new AudioTranscript(name, AudioTranscript.FORMAT, meta[0], utterances);
    }

    private AudioTranscript readLegacyAudio(String name) {
        List<AudioTranscript.Utterance> utterances = new ArrayList<>();
        JsonNode node = store.readArray(at(name));
        if (node instanceof ArrayNode arr) {
            int i = 0;
            for (JsonNode item : arr) {
                i++;
                if (item instanceof ObjectNode o) {
                    try {
                        utterances.add(AudioTranscript.Utterance.decode(o));
                    } catch (JournalException e) {
                        warn(name, "skipped utterance " + i + ": " + e.getMessage());
                    }
                }
            }
        }
        return new AudioTranscript(name, AudioTranscript.LEGACY_ARRAY, Extra.empty(), utterances);
    }

    /**
     * The capture stream this segment belongs to, as its {@code stream.json} names it ({@link Stream}); empty when it
     * has none (segments from before, other tools) or names no valid stream. An unreadable file is a warning.
     */
    public Optional<Stream> stream() {
        return store.readObject(at(Stream.FILE)).map(o -> o.path("stream")).filter(JsonNode::isString)
                .map(JsonNode::asString).filter(Stream::valid).map(Stream::new);
    }

    /** Screen and tmux extracts. */
    public List<ScreenExtract> screens() {
        List<ScreenExtract> out = new ArrayList<>();
        for (String n : names()) {
            if (n.endsWith("screen.jsonl")) {
                out.add(readScreen(n));
            }
        }
        return out;
    }

    private ScreenExtract readScreen(String name) {
        List<ObjectNode> frames = new ArrayList<>();
        Extra[] metaFound = {Extra.empty()};
        boolean[] first = {true};
        JsonLines.forEach(store, at(name), line -> {
            if (line.object().isEmpty()) {
                return;
            }
            ObjectNode o = line.object().get();
            if (first[0] && !o.has("timestamp") && !o.has("analysis")) {
                metaFound[0] = Extra.from(o, Set.of());
            } else {
                frames.add(o);
            }
            first[0] = false;
        });
        Extra meta = metaFound[0];
        boolean legacy = meta.string("type").isPresent()
                || frames.stream().anyMatch(f -> Json.objectOrEmpty(f, "analysis").has("visible"));
        if (legacy) {
            warn(name, "read legacy screen format " + ScreenExtract.LEGACY);
        }
        List<ScreenFrame> decoded = frames.stream().map(f -> ScreenFrame.decode(f, legacy)).toList();
        return new ScreenExtract(name, legacy ? ScreenExtract.LEGACY : ScreenExtract.FORMAT, meta, decoded);
    }

    /** The segment's own insights ({@code <topic>.md}). */
    public List<Insight> insights() {
        return Days.readInsights(store, segment.dir());
    }

    /** Bus events logged for this segment ({@code events.jsonl}), each a whole JSON object. */
    public List<Extra> events() {
        List<Extra> out = new ArrayList<>();
        JsonLines.forEach(store, at("events.jsonl"), l -> l.object().ifPresent(o -> out.add(Extra.from(o, Set.of()))));
        return out;
    }

    // ---- writes ----

    public void writeAudio(AudioTranscript t) {
        StringBuilder sb = new StringBuilder();
        ObjectNode meta = Json.object();
        t.meta().writeTo(meta);
        sb.append(JsonLines.encode(meta)).append('\n');
        t.utterances().forEach(u -> sb.append(JsonLines.encode(u.encode())).append('\n'));
        store.writeText(file(t.fileName()), sb.toString());
    }

    public void writeScreen(ScreenExtract s) {
        StringBuilder sb = new StringBuilder();
        ObjectNode meta = Json.object();
        s.meta().writeTo(meta);
        sb.append(JsonLines.encode(meta)).append('\n');
        s.frames().forEach(f -> sb.append(JsonLines.encode(f.encode())).append('\n'));
        store.writeText(file(s.fileName()), sb.toString());
    }

    public Insight writeInsight(String topic, String markdown) {
        String name = Names.fileName(Names.fileName(topic) + ".md");
        store.writeText(file(name), markdown);
        return new Insight(topic, name, markdown);
    }

    /** Appends one bus event (a JSON object) to {@code events.jsonl}. */
    public void appendEvent(Extra event) {
        store.appendLines(file("events.jsonl"), List.of((ObjectNode) Json.toNode(event)));
    }

    /** Writes a raw capture file atomically. */
    public void writeBytes(String name, byte[] content) {
        store.writeBytes(file(name), content);
    }

    /**
     * Adds or replaces one file of this existing segment from a stream of any size: streamed to a temp file in the
     * journal's staging folder (outside the segment, never held whole in memory), fsynced, checksummed, then renamed
     * into the segment in one step and the segment folder fsynced, so a reader sees the old file or the whole new one.
     * More than {@code maxBytes} bytes is refused with {@link FileTooLargeException} and nothing is kept.
     */
    public StoredFile writeStream(String name, InputStream in, long maxBytes) {
        Path target = file(name);
        if (!Files.isDirectory(segment.dir())) {
            throw new JournalException("segment " + segment.id() + " does not exist; create or commit it first");
        }
        Path temp = new Staging(store).newPath("file-");
        StoredFile stored = Staging.write(temp, name, in, maxBytes, store.durability);
        // Under the file lock every other writer of this file takes, so it never interleaves with a rewrite.
        return store.locks.withLock(target, () -> {
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                Staging.deleteQuietly(temp);
                throw new JournalException("cannot store " + rel(name) + ": " + DurableFiles.describe(e)
                        + "; check that the journal folder is writable", e);
            }
            store.announce(target);
            if (store.durability == Durability.SYNC) {
                try {
                    DurableFiles.syncDirectory(segment.dir());
                } catch (IOException e) {
                    throw new JournalException(rel(name) + " is stored and visible, but syncing its segment folder"
                            + " failed: " + DurableFiles.describe(e) + "; it may not survive a power loss; check the"
                            + " disk", e);
                }
            }
            return stored;
        });
    }

    /** A file of this segment to read (by text; the readers check it stays inside the journal). */
    private Path at(String name) {
        return store.at(segment.day().key(), segment.key().key(), Names.fileName(name));
    }

    private void warn(String name, String message) {
        store.sink.warn(new Warning(rel(name), 0, message));
    }

    private String rel(String name) {
        return segment.id() + "/" + name;
    }

    static String extension(String name) {
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    }
}
