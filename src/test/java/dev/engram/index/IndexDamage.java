package dev.engram.index;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Stream;
import org.apache.lucene.codecs.CodecUtil;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.store.IOContext;
import org.apache.lucene.store.IndexInput;

/**
 * Damages a journal's index the way a bad disk does: flips bytes of the stored chunk texts
 * ({@code .fdt}, inside a compound file {@code _N.cfs} at the place its entry table {@code _N.cfe} gives), in place
 * (no truncation, so a running Engram's memory mapping stays valid and sees the damage). Lucene opens such an index
 * without complaint and fails only when a search reads those bytes.
 */
public final class IndexDamage {
    private IndexDamage() {
    }

    /**
     * Flips 16 bytes after the codec header and 16 in the middle of the stored chunk texts ({@code .fdt}) of every
     * segment, compound ({@code _N.cfs}) or not; with {@code firstOnly} only of segment {@code _0}. (A few flipped
     * bytes in the compressed texts may decompress silently into other text, which only the checksums find.)
     */
    public static void flipStoredTexts(Path journalRoot, boolean firstOnly) throws IOException {
        Path dir = journalRoot.resolve("indexes/keyword");
        List<String> names;
        try (Stream<Path> files = Files.list(dir)) {
            names = files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".cfe") || n.endsWith(".fdt"))
                    .filter(n -> !firstOnly || n.startsWith("_0.")).toList();
        }
        if (names.isEmpty()) {
            throw new IllegalStateException("no stored fields in " + dir);
        }
        for (String name : names) {
            if (name.endsWith(".fdt")) {
                flip(dir, name, 0, Files.size(dir.resolve(name)));
            } else {
                String segment = name.substring(0, name.length() - 4);
                long[] part = fdtPart(dir, segment);
                flip(dir, segment + ".cfs", part[0], part[1]);
            }
        }
    }

    /** Only segment {@code _0}: see {@link #flipStoredTexts(Path, boolean)}. */
    public static void flipStoredTexts(Path journalRoot) throws IOException {
        flipStoredTexts(journalRoot, true);
    }

    private static long[] fdtPart(Path dir, String segment) throws IOException {
        try (Directory d = FSDirectory.open(dir); IndexInput in = d.openInput(segment + ".cfe", IOContext.READONCE)) {
            CodecUtil.readIndexHeader(in);
            int n = in.readVInt();
            for (int i = 0; i < n; i++) {
                String id = in.readString();
                long start = in.readLong();
                long length = in.readLong();
                if (id.equals(".fdt")) {
                    return new long[] {start, length};
                }
            }
        }
        throw new IllegalStateException("no stored fields in " + dir.resolve(segment + ".cfs"));
    }

    /** Flips 16 bytes just after the codec header and 16 in the middle of the file part at {@code start}, in place. */
    private static void flip(Path dir, String file, long start, long length) throws IOException {
        long offset;
        try (Directory d = FSDirectory.open(dir); IndexInput in = d.openInput(file, IOContext.READONCE)) {
            in.seek(start);
            CodecUtil.readIndexHeader(in);
            offset = in.getFilePointer();
        }
        try (FileChannel c = FileChannel.open(dir.resolve(file), StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            for (long at : new long[] {offset, start + length / 2 - 8}) {
                ByteBuffer b = ByteBuffer.allocate(16);
                c.read(b, at);
                for (int i = 0; i < 16; i++) {
                    b.put(i, (byte) ~b.get(i));
                }
                b.rewind();
                c.write(b, at);
            }
            c.force(true);
        }
    }
}
