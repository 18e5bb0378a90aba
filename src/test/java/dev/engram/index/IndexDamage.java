package dev.engram.index;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.apache.lucene.codecs.CodecUtil;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.store.IOContext;
import org.apache.lucene.store.IndexInput;

/**
 * Damages a journal's index the way a bad disk does: flips 16 bytes in the middle of the stored chunk texts
 * ({@code .fdt}) inside segment {@code _0}'s compound file, in place (no truncation, so a running Engram's memory
 * mapping stays valid and sees the damage). Lucene opens such an index without complaint and fails only when a search
 * reads those bytes. The sub-file's place comes from the compound file's entry table ({@code _0.cfe}).
 */
public final class IndexDamage {
    private IndexDamage() {
    }

    /** Flips 16 bytes of {@code <journal>/indexes/keyword/_0.cfs} in the middle of its {@code .fdt} part. */
    public static void flipStoredTexts(Path journalRoot) throws IOException {
        Path dir = journalRoot.resolve("indexes/keyword");
        long offset = -1;
        try (Directory d = FSDirectory.open(dir); IndexInput in = d.openInput("_0.cfe", IOContext.READONCE)) {
            CodecUtil.readIndexHeader(in);
            int n = in.readVInt();
            for (int i = 0; i < n; i++) {
                String id = in.readString();
                long start = in.readLong();
                long length = in.readLong();
                if (id.equals(".fdt")) {
                    offset = start + length / 2 - 8;
                }
            }
        }
        if (offset < 0) {
            throw new IllegalStateException("no stored fields in " + dir.resolve("_0.cfs"));
        }
        try (FileChannel c = FileChannel.open(dir.resolve("_0.cfs"), StandardOpenOption.READ,
                StandardOpenOption.WRITE)) {
            ByteBuffer b = ByteBuffer.allocate(16);
            c.read(b, offset);
            for (int i = 0; i < 16; i++) {
                b.put(i, (byte) ~b.get(i));
            }
            b.rewind();
            c.write(b, offset);
            c.force(true);
        }
    }
}
