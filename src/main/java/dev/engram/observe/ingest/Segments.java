package dev.engram.observe.ingest;

import dev.engram.journal.Day;
import dev.engram.journal.Journal;
import dev.engram.journal.SegmentKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The sync check's answer, from one observer's history of a day: {@code [{key, observed, files[{name, size, sha256,
 * submitted_name?, status}], original_key?}]} sorted by key; files deduplicated by sha256 (the latest record wins);
 * a file is {@code present} when it is in its segment folder with its size, {@code relocated} (with
 * {@code current_path}, relative to the day folder) when a file of its recorded inode and size is elsewhere in the
 * day, else {@code missing}.
 */
final class Segments {
    private Segments() {
    }

    static List<Map<String, Object>> list(Journal journal, List<ObjectNode> records, Day day, String stream) {
        Set<String> observed = new HashSet<>();
        TreeMap<String, ObjectNode> latest = new TreeMap<>();
        for (ObjectNode r : records) {
            String seg = r.path("segment").asString("");
            if ("observed".equals(r.path("type").asString(""))) {
                observed.add(seg);
            } else if (r.has("files") && (stream == null || stream.isBlank()
                    || stream.equals(r.path("stream").asString("")))) {
                latest.put(seg, r);
            }
        }
        List<Map<String, Object>> out = new ArrayList<>();
        Inodes inodes = new Inodes(journal.root().resolve(day.key()));
        for (Map.Entry<String, ObjectNode> e : latest.entrySet()) {
            ObjectNode r = e.getValue();
            Map<String, Object> seg = new LinkedHashMap<>();
            seg.put("key", e.getKey());
            seg.put("observed", observed.contains(e.getKey()));
            Map<String, Map<String, Object>> bySha = new LinkedHashMap<>();
            for (JsonNode f : r.path("files")) {
                String name = f.path("written").asString("");
                Map<String, Object> fo = new LinkedHashMap<>();
                fo.put("name", name);
                fo.put("size", f.path("size").asLong(0));
                fo.put("sha256", f.path("sha256").asString(""));
                String submitted = f.path("submitted").asString("");
                if (!submitted.isEmpty() && !submitted.equals(name)) {
                    fo.put("submitted_name", submitted);
                }
                long size = f.path("size").asLong(-1);
                if (present(journal, day, e.getKey(), name, size)) {
                    fo.put("status", "present");
                } else {
                    Path moved = f.has("inode") ? inodes.find(f.path("inode").asLong(-1), size) : null;
                    fo.put("status", moved == null ? "missing" : "relocated");
                    if (moved != null) {
                        fo.put("current_path", inodes.day.relativize(moved).toString());
                    }
                }
                bySha.put(f.path("sha256").asString(name), fo);
            }
            seg.put("files", new ArrayList<>(bySha.values()));
            if (r.has("segment_original")) {
                seg.put("original_key", r.path("segment_original").asString(""));
            }
            out.add(seg);
        }
        return out;
    }

    /** The inode of a file ({@code unix:ino}), or -1 where the file system has none. */
    static long inode(Path file) {
        try {
            return ((Number) Files.getAttribute(file, "unix:ino", LinkOption.NOFOLLOW_LINKS)).longValue();
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException | ClassCastException e) {
            return -1;
        }
    }

    /**
     * The day's files by inode, read once on first use: where a file that left its segment folder is now (the
     * reference's {@code relocated}). Bounded: at most {@link #MAX_SCANNED} files, {@link #DEPTH} levels deep.
     */
    private static final class Inodes {
        static final int MAX_SCANNED = 100_000;
        static final int DEPTH = 4;
        final Path day;
        private Map<Long, Path> byInode;

        Inodes(Path day) {
            this.day = day;
        }

        Path find(long inode, long size) {
            if (inode < 0) {
                return null;
            }
            if (byInode == null) {
                byInode = new java.util.HashMap<>();
                if (Files.isDirectory(day, LinkOption.NOFOLLOW_LINKS)) {
                    try (java.util.stream.Stream<Path> s = Files.find(day, DEPTH, (p, a) -> a.isRegularFile())) {
                        s.limit(MAX_SCANNED).forEach(p -> byInode.putIfAbsent(inode(p), p));
                    } catch (IOException | java.io.UncheckedIOException e) {
                        org.slf4j.LoggerFactory.getLogger(Segments.class).warn("cannot look for relocated files in"
                                + " {}: {}", day.getFileName(), e.getMessage());
                    }
                }
            }
            Path p = byInode.get(inode);
            try {
                return p != null && Files.size(p) == size ? p : null;
            } catch (IOException e) {
                return null;
            }
        }
    }

    private static boolean present(Journal journal, Day day, String seg, String name, long size) {
        return SegmentKey.tryParse(seg).flatMap(k -> journal.days().segment(day, k)).map(s -> {
            Path p = s.dir().resolve(name);
            try {
                return p.getParent().equals(s.dir()) && Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)
                        && Files.size(p) == size;
            } catch (IOException ex) {
                return false;
            }
        }).orElse(false);
    }
}
