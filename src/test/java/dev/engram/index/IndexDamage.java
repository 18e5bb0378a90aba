package dev.engram.index;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Stream;
import org.apache.lucene.codecs.Codec;
import org.apache.lucene.codecs.CodecUtil;
import org.apache.lucene.codecs.StoredFieldsReader;
import org.apache.lucene.index.FieldInfos;
import org.apache.lucene.index.SegmentInfo;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.store.IOContext;
import org.apache.lucene.store.IndexInput;

/**
 * Damages a journal's index the way a bad disk does: flips one bit in every chunk of the stored chunk texts
 * ({@code .fdt}, inside a compound file {@code _N.cfs} at the place its entry table {@code _N.cfe} gives), in place
 * (no truncation, so a running Engram's memory mapping stays valid and sees the damage). Lucene opens such an index
 * without complaint (it checks a data file's header and footer when it opens it, its checksum only when asked) and
 * then fails on every read of a stored document, so every search with a hit fails.
 *
 * <p>The bit is chosen, not left to luck. Each chunk of stored texts starts with the number of its first document
 * ({@code docBase}, a vInt), and Lucene's reader checks that the document it wants lies in
 * {@code [docBase, docBase + chunkDocs)} before it decompresses anything. The bit flipped is bit 6 of the vInt's
 * last byte: the vInt keeps its length (the rest of the chunk reads as before) and its value moves by
 * {@code 64 * 128^(bytes-1)}, at least 64; with no more documents than that in the chunk none of them lies
 * in the range any more, and Lucene also refuses a range that ends past the segment's last document (so a larger
 * chunk is damaged enough when its moved range does; both checked): every read of the chunk throws a
 * {@code CorruptIndexException}. The chunks' places come
 * from Lucene's own stored fields index (package-private, read by reflection). Bytes flipped at guessed places, as
 * before, landed in the compound file's padding or in the compressed texts' literal bytes, which decompress silently
 * into other text: one search in twenty went on. The checksums find this damage too
 * ({@link CorruptionCheck#damage(Path)}).
 */
public final class IndexDamage {
    private IndexDamage() {
    }

    /**
     * Flips the bit (see the class comment) in every chunk of every segment, compound ({@code _N.cfs}) or not; with
     * {@code firstOnly} only in segment {@code _0}.
     *
     * @throws IllegalStateException when the folder has no stored fields, or a chunk holds too many documents for the
     *                               damage to meet every read
     */
    public static void flipStoredTexts(Path journalRoot, boolean firstOnly) throws IOException {
        Path dir = journalRoot.resolve("indexes/keyword");
        List<String> segments;
        try (Stream<Path> files = Files.list(dir)) {
            segments = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".si"))
                    .map(n -> n.substring(0, n.length() - 3)).filter(n -> !firstOnly || n.equals("_0")).toList();
        }
        if (segments.isEmpty()) {
            throw new IllegalStateException("no segments in " + dir);
        }
        for (String segment : segments) {
            flipEveryDocBase(dir, segment);
        }
    }

    /** Only segment {@code _0}: see {@link #flipStoredTexts(Path, boolean)}. */
    public static void flipStoredTexts(Path journalRoot) throws IOException {
        flipStoredTexts(journalRoot, true);
    }

    private static void flipEveryDocBase(Path dir, String segment) throws IOException {
        String file;
        long start;
        long[] chunks;
        int maxDoc;
        try (Directory d = FSDirectory.open(dir)) {
            SegmentInfo si = Codec.getDefault().segmentInfoFormat().read(d, segment, segmentId(d, segment),
                    IOContext.READONCE);
            Codec codec = Codec.getDefault(); // the index's (the codec's name is in segments_N, not in the .si)
            si.setCodec(codec);
            maxDoc = si.maxDoc();
            if (si.getUseCompoundFile()) {
                file = segment + ".cfs";
                start = fdtStart(d, segment);
                try (Directory cfs = codec.compoundFormat().getCompoundReader(d, si)) {
                    chunks = chunkStarts(cfs, si);
                }
            } else {
                file = segment + ".fdt";
                start = 0;
                chunks = chunkStarts(d, si);
            }
        }
        try (FileChannel c = FileChannel.open(dir.resolve(file), StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long[] bytes = new long[chunks.length]; // where each docBase's last byte is
            int docs = 0;
            for (int i = 0; i < chunks.length; i++) {
                ByteBuffer b = ByteBuffer.allocate(10);
                c.read(b, start + chunks[i]);
                int last = 0;
                while ((b.get(last) & 0x80) != 0 && last < 4) {
                    last++;
                }
                long moves = 64L << (7 * last);
                int chunkDocs = vInt(b, last + 1) >>> 2;
                long docBase = vInt(b, 0);
                long flipped = docBase ^ moves; // moves by +-moves
                // Lucene throws unless docBase <= doc < docBase + chunkDocs <= maxDoc: every doc of the chunk is
                // then out of the moved range, or the moved range ends past the segment (a first chunk of more than
                // 64 documents, docBase 0, in a small segment)
                if (last > 3 || (chunkDocs > moves && flipped + chunkDocs <= maxDoc)) {
                    throw new IllegalStateException(file + ": a chunk of stored texts holds " + chunkDocs
                            + " documents, more than its docBase moves (" + moves + "), and the segment's "
                            + maxDoc + " documents reach past the moved range: not every read would fail");
                }
                docs += chunkDocs;
                bytes[i] = start + chunks[i] + last;
            }
            if (docs != maxDoc) { // then these are not the segment's chunks: damage nothing
                throw new IllegalStateException(file + ": " + chunks.length + " chunks of stored texts hold " + docs
                        + " documents, the segment has " + maxDoc);
            }
            for (long at : bytes) {
                ByteBuffer b = ByteBuffer.allocate(1);
                c.read(b, at);
                c.write(ByteBuffer.wrap(new byte[] {(byte) (b.get(0) ^ 0x40)}), at);
            }
            c.force(true);
        }
    }

    /** The segment's id, from the header of its {@code .si} file (magic, codec name, version, id). */
    private static byte[] segmentId(Directory d, String segment) throws IOException {
        try (IndexInput in = d.openInput(segment + ".si", IOContext.READONCE)) {
            in.readInt();
            in.readString();
            in.readInt();
            byte[] id = new byte[16];
            in.readBytes(id, 0, id.length);
            return id;
        }
    }

    /** Where each chunk starts in the segment's stored texts, from Lucene's stored fields index. */
    private static long[] chunkStarts(Directory files, SegmentInfo si) throws IOException {
        FieldInfos fields = si.getCodec().fieldInfosFormat().read(files, si, "", IOContext.READONCE);
        try (StoredFieldsReader r = si.getCodec().storedFieldsFormat().fieldsReader(files, si, fields,
                IOContext.DEFAULT)) {
            Method numChunks = r.getClass().getDeclaredMethod("getNumChunks");
            Method index = r.getClass().getDeclaredMethod("getIndexReader");
            Method blockStart = index.getReturnType().getDeclaredMethod("getBlockStartPointer", long.class);
            numChunks.setAccessible(true);
            index.setAccessible(true);
            blockStart.setAccessible(true);
            Object fieldsIndex = index.invoke(r);
            long[] starts = new long[Math.toIntExact((long) numChunks.invoke(r))];
            for (int i = 0; i < starts.length; i++) {
                starts[i] = (long) blockStart.invoke(fieldsIndex, (long) i);
            }
            return starts;
        } catch (NoSuchMethodException | IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("Lucene's stored fields reader changed: update IndexDamage", e);
        }
    }

    /** Where the stored texts ({@code .fdt}) start inside the compound file, from its entry table {@code .cfe}. */
    private static long fdtStart(Directory d, String segment) throws IOException {
        try (IndexInput in = d.openInput(segment + ".cfe", IOContext.READONCE)) {
            CodecUtil.readIndexHeader(in);
            int n = in.readVInt();
            for (int i = 0; i < n; i++) {
                String id = in.readString();
                long start = in.readLong();
                in.readLong();
                if (id.equals(".fdt")) {
                    return start;
                }
            }
        }
        throw new IllegalStateException("no stored fields in " + segment + ".cfs");
    }

    private static int vInt(ByteBuffer b, int at) {
        int v = 0;
        for (int shift = 0; ; shift += 7) {
            byte x = b.get(at++);
            v |= (x & 0x7F) << shift;
            if (x >= 0) {
                return v;
            }
        }
    }
}
