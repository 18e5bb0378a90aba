package dev.engram.observe.ingest;

import dev.engram.journal.CommittedSegment;
import dev.engram.journal.Day;
import dev.engram.journal.FileTooLargeException;
import dev.engram.journal.JournalException;
import dev.engram.journal.SegmentExistsException;
import dev.engram.journal.SegmentKey;
import dev.engram.journal.StagedSegment;
import dev.engram.journal.StoredFile;
import dev.engram.observe.api.IngestException;
import dev.engram.observe.api.IngestResult;
import dev.engram.observe.api.Observer;
import dev.engram.observe.api.Protocol;
import dev.engram.observe.api.Upload;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One upload: fields kept, files streamed into a {@link StagedSegment} as they arrive (an empty file is skipped, a
 * name with a path in it refuses the whole upload), then {@link #commit()} validates, rejects duplicates, resolves a
 * collision and commits. Whatever is not committed is deleted by {@link #close()}; a crash leaves it in the staging
 * folder for the next start's recovery, never inside a segment folder.
 */
final class StagedUpload implements Upload {
    private static final Pattern SEGMENT = Pattern.compile("^\\d{6}_\\d+$");
    private static final Pattern DAY = Pattern.compile("^\\d{8}$");
    private final IngestService service;
    private final Observer observer;
    private final Protocol protocol;
    private final long maxFile;
    private final int maxFiles;
    private final Map<String, String> fields = new HashMap<>();
    private final Map<String, String> submitted = new LinkedHashMap<>(); // written name -> submitted name
    private StagedSegment staged;
    private int fileParts;

    StagedUpload(IngestService service, Observer observer, Protocol protocol, long maxFile, int maxFiles) {
        this.service = service;
        this.observer = observer;
        this.protocol = protocol;
        this.maxFile = maxFile;
        this.maxFiles = maxFiles;
    }

    @Override
    public void field(String name, String value) {
        if (KNOWN_FIELDS.contains(name)) { // the protocols' fields only: any other part is read and dropped, so a
            fields.putIfAbsent(name, value); // request of many small parts cannot fill the memory
        }
    }

    /** The form fields either protocol sends besides its files (spec §8). */
    private static final java.util.Set<String> KNOWN_FIELDS = java.util.Set.of("day", "segment", "host", "platform",
            "meta", "stream");

    @Override
    public void file(String submittedName, InputStream content) {
        if (++fileParts > maxFiles) {
            throw new IngestException(413, "Too many files", "payload_too_large", "at most " + maxFiles + " files per"
                    + " upload (config/journal.json ingest.max_files); nothing of this upload was kept");
        }
        String name = written(submittedName);
        PushbackInputStream in = new PushbackInputStream(content, 1);
        try {
            int first = in.read();
            if (first == -1) {
                return; // 0-byte files are skipped, as in the reference
            }
            in.unread(first);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (submitted.containsKey(name)) {
            throw new IngestException(400, "Duplicate file name", "invalid_filename", "the upload names the file '"
                    + name + "' twice; send each file once");
        }
        if (staged == null) {
            staged = service.journal().stageSegment();
        }
        try {
            staged.add(name, in, maxFile);
        } catch (FileTooLargeException e) {
            throw new IngestException(413, "File too large", "payload_too_large", "file '" + name + "' is larger than"
                    + " the limit of " + maxFile + " bytes per file (config/journal.json ingest.max_file_bytes);"
                    + " nothing of this upload was kept");
        }
        submitted.put(name, submittedName);
    }

    /**
     * The stored name: the submitted one without a leading {@code <segment>_} (as the reference does). A name with a
     * path, a parent reference, a hidden name or control characters is refused (the reference would silently rewrite
     * it); nothing of the upload is kept.
     */
    private String written(String submittedName) {
        String n = submittedName == null ? "" : submittedName;
        boolean bad = n.contains("..");
        try {
            dev.engram.journal.Names.fileName(n); // the journal's own rule: the store would refuse anything else
        } catch (dev.engram.journal.InvalidNameException e) {
            bad = true;
        }
        if (bad) {
            throw new IngestException(400, "Invalid file name", "invalid_filename", "file name '"
                    + n.replaceAll("\\p{Cntrl}", "?") + "' is refused: send a plain file name such as 'audio.flac'"
                    + " (no folders, '..', hidden names or control characters); nothing of this upload was kept");
        }
        String seg = fields.get("segment");
        if (seg != null && n.startsWith(seg + "_") && n.length() > seg.length() + 1) {
            n = n.substring(seg.length() + 1);
        }
        return n;
    }

    @Override
    public IngestResult commit() {
        String seg = fields.get("segment");
        String day = fields.get("day");
        if (seg == null || seg.isBlank()) {
            throw new IngestException(400, "Missing segment", "missing_required_field",
                    "the form field 'segment' (HHMMSS_LEN, e.g. 143000_300) is required");
        }
        if (day == null || day.isBlank()) {
            throw new IngestException(400, "Missing day", "missing_required_field",
                    "the form field 'day' (YYYYMMDD) is required");
        }
        SegmentKey key = SEGMENT.matcher(seg).matches() ? SegmentKey.tryParse(seg).filter(SegmentKey::wellFormed)
                .filter(k -> k.lengthSeconds() > 0).orElse(null) : null; // a 0 s segment means nothing to sense
        if (key == null) {
            throw new IngestException(400, "Invalid segment format", "invalid_segment_or_stream", "segment '"
                    + clip(seg) + "' is not HHMMSS_LEN with a real time of day and a length of at least 1 s"
                    + " (e.g. 143000_300)");
        }
        Day d = DAY.matcher(day).matches() ? Day.tryParse(day).orElse(null) : null;
        if (d == null) {
            throw new IngestException(400, "Invalid day format", "invalid_day", "day '" + clip(day)
                    + "' is not a real date as YYYYMMDD");
        }
        if (fileParts == 0) {
            throw new IngestException(400, "No files uploaded", "ingest_no_files",
                    "the upload has no 'files' part; send one or more files as multipart parts named 'files'");
        }
        if (staged == null) {
            throw new IngestException(400, "No valid files saved", "ingest_no_files",
                    "every file of the upload was empty (0 bytes); nothing was saved");
        }
        return service.store(this, d, key);
    }

    /** Commits under {@code key}, or the first free key of a random walk from it; empty when every attempt failed. */
    CommittedSegment commitWalking(Day day, SegmentKey key, int attempts, java.util.Random random) {
        try {
            return commitAt(day, key);
        } catch (SegmentExistsException first) {
            int t = key.start().toSecondOfDay();
            int len = key.lengthSeconds();
            for (int i = 0; i < attempts; i++) {
                if (random.nextBoolean()) {
                    t = Math.max(0, Math.min(86_399, t + (random.nextBoolean() ? 1 : -1)));
                } else {
                    len = Math.max(1, len + (random.nextBoolean() ? 1 : -1));
                }
                SegmentKey next = SegmentKey.of(java.time.LocalTime.ofSecondOfDay(t), len);
                if (next.equals(key)) {
                    continue;
                }
                try {
                    return commitAt(day, next);
                } catch (SegmentExistsException again) {
                    // keep walking
                }
            }
            return null;
        }
    }

    /**
     * Commits under {@code key}. When the journal says the commit failed after the rename (only a folder fsync
     * failed), the segment is in place and kept: it is returned like any other, so the upload is answered and
     * announced instead of a 500 that would make the observer send it again.
     */
    private CommittedSegment commitAt(Day day, SegmentKey key) {
        try {
            return staged.commit(day, key);
        } catch (SegmentExistsException e) {
            throw e;
        } catch (JournalException e) {
            java.util.Optional<dev.engram.journal.Segment> in = service.journal().days().segment(day, key);
            if (in.isPresent() && committed()) {
                org.slf4j.LoggerFactory.getLogger(StagedUpload.class).warn("segment {}/{} is stored, but: {}",
                        day.key(), key.key(), e.getMessage());
                return new CommittedSegment(in.get(), staged.files());
            }
            throw e;
        }
    }

    /** Whether the staging folder was renamed into place: a committed staged segment refuses any further file. */
    private boolean committed() {
        try {
            staged.add(".probe", InputStream.nullInputStream(), 0); // when still open: refused as a hidden name
            return false;
        } catch (IllegalStateException committed) {
            return true;
        } catch (RuntimeException notCommitted) {
            return false;
        }
    }

    /** Keeps the uncommitted files in {@code apps/observers/<parts...>}; returns that folder, journal-relative. */
    String setAside(String... parts) {
        return staged.setAside(KeyStore.APP, parts);
    }

    List<StoredFile> files() {
        return staged.files();
    }

    /** Stages the segment's {@code stream.json} beside its files (see {@code StagedSegment#stream}). */
    void stream(String stream) {
        staged.stream(new dev.engram.journal.Stream(stream));
    }

    Map<String, String> submittedNames() {
        return submitted;
    }

    Map<String, String> fields() {
        return fields;
    }

    Observer observer() {
        return observer;
    }

    Protocol protocol() {
        return protocol;
    }

    List<String> names() {
        return new ArrayList<>(submitted.keySet());
    }

    private static String clip(String s) {
        String c = s.length() > 40 ? s.substring(0, 40) + "..." : s;
        return c.replaceAll("\\p{Cntrl}", "?");
    }

    @Override
    public void close() {
        if (staged != null) {
            try {
                staged.close();
            } catch (JournalException e) {
                org.slf4j.LoggerFactory.getLogger(StagedUpload.class).warn("could not remove a discarded upload from"
                        + " the staging folder ({}); the next start removes it", e.getMessage());
            }
        }
    }
}
