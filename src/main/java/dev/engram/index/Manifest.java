package dev.engram.index;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The indexed files as the index's last update saw them (path, size, mtime, content hash, chunk count). Kept in memory
 * and in the index itself as {@code type=file} documents, so it is committed together with the chunks: after a crash
 * both are at the last commit and a catch-up redoes whatever came after. Thread-safe.
 */
final class Manifest {
    /** {@code chunks} is -1 for a file that could not be formatted (it is retried when it changes). */
    record Entry(long size, long mtime, String hash, int chunks) {
    }

    /**
     * Sorted by path, so the files under a folder are one range ({@link #under}), not a scan of every entry. Built at
     * once from {@link #loading} on first use.
     */
    private volatile ConcurrentSkipListMap<String, Entry> entries;
    /**
     * The entries put before anything was read: opening an index puts every manifest document (126,000 on a year)
     * before the first lookup; inserting them one by one into the skip list (a path comparison per level) was a third
     * of opening's CPU, sorting them (nearly sorted already) and building the skip list in one pass is linear.
     */
    private ArrayList<Map.Entry<String, Entry>> loading = new ArrayList<>();

    /**
     * Counts every put, remove and clear: a catch-up that saw it unchanged across its walk knows the manifest's paths
     * stayed the same meanwhile ({@link CatchUpDiff#noneGone}).
     */
    private final java.util.concurrent.atomic.AtomicLong version = new java.util.concurrent.atomic.AtomicLong();

    Optional<Entry> get(String path) {
        return Optional.ofNullable(entry(path));
    }

    /** The entry of {@code path}, or null (the catch-up's lookup of every journal file, without an Optional each). */
    Entry entry(String path) {
        return entries().get(path);
    }

    /** How many changes the manifest has had (see {@link #version}'s field). */
    long version() {
        entries(); // built first: only changes after the build count
        return version.get();
    }

    void put(String path, Entry e) {
        if (entries == null) {
            synchronized (this) {
                if (entries == null) {
                    loading.add(Map.entry(path, e)); // not counted: version() builds the map before reading it
                    return;
                }
            }
        }
        version.incrementAndGet();
        entries.put(path, e);
    }

    void remove(String path) {
        version.incrementAndGet();
        entries().remove(path);
    }

    /** The indexed paths under a journal-relative folder ({@code prefix} ends with {@code /}). */
    java.util.List<String> under(String prefix) {
        return java.util.List.copyOf(entries().subMap(prefix, prefix + Character.MAX_VALUE).keySet());
    }

    /**
     * A live, unmodifiable view, weakly consistent while files are indexed or removed (a catch-up walks it to find the
     * files gone from the journal: copying 126,000 entries first cost as much as the walk).
     */
    Map<String, Entry> all() {
        return java.util.Collections.unmodifiableMap(entries());
    }

    int size() {
        return entries().size();
    }

    void clear() {
        version.incrementAndGet();
        entries().clear();
    }

    private ConcurrentSkipListMap<String, Entry> entries() {
        ConcurrentSkipListMap<String, Entry> m = entries;
        return m != null ? m : built();
    }

    private synchronized ConcurrentSkipListMap<String, Entry> built() {
        if (entries == null) {
            loading.sort(Map.Entry.comparingByKey()); // stable: of two puts of one path, the later stays last
            entries = new ConcurrentSkipListMap<>(new SortedEntries(loading));
            loading = null;
        }
        return entries;
    }

    /**
     * Sorted entries as the {@link SortedMap} {@link ConcurrentSkipListMap}'s copy constructor reads in one pass
     * (iteration and comparator only); of equal paths the last one wins, as with successive puts.
     */
    private static final class SortedEntries extends AbstractMap<String, Manifest.Entry>
            implements SortedMap<String, Manifest.Entry> {
        private final List<Map.Entry<String, Manifest.Entry>> sorted;

        SortedEntries(List<Map.Entry<String, Manifest.Entry>> sorted) {
            this.sorted = sorted;
        }

        @Override
        public Set<Map.Entry<String, Manifest.Entry>> entrySet() {
            return new AbstractSet<>() {
                @Override
                public Iterator<Map.Entry<String, Manifest.Entry>> iterator() {
                    return new Iterator<>() {
                        private int i;

                        @Override
                        public boolean hasNext() {
                            return i < sorted.size();
                        }

                        @Override
                        public Map.Entry<String, Manifest.Entry> next() {
                            if (i >= sorted.size()) {
                                throw new java.util.NoSuchElementException();
                            }
                            int last = i;
                            while (last + 1 < sorted.size()
                                    && sorted.get(last + 1).getKey().equals(sorted.get(i).getKey())) {
                                last++; // duplicates: the later put
                            }
                            i = last + 1;
                            return sorted.get(last);
                        }
                    };
                }

                @Override
                public int size() {
                    return sorted.size();
                }
            };
        }

        @Override
        public Comparator<? super String> comparator() {
            return null;
        }

        @Override
        public SortedMap<String, Manifest.Entry> subMap(String from, String to) {
            throw new UnsupportedOperationException();
        }

        @Override
        public SortedMap<String, Manifest.Entry> headMap(String to) {
            throw new UnsupportedOperationException();
        }

        @Override
        public SortedMap<String, Manifest.Entry> tailMap(String from) {
            throw new UnsupportedOperationException();
        }

        @Override
        public String firstKey() {
            throw new UnsupportedOperationException();
        }

        @Override
        public String lastKey() {
            throw new UnsupportedOperationException();
        }
    }

    /** A prototype cloned for each hash: looking the algorithm up among the providers costs more than hashing a small file. */
    private static final MessageDigest SHA256 = prototype();

    private static MessageDigest prototype() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private static MessageDigest sha256() {
        try {
            return (MessageDigest) SHA256.clone();
        } catch (CloneNotSupportedException e) {
            return prototype(); // the JDK's SHA-256 is cloneable; any other provider still works
        }
    }

    /** SHA-256 of a file's bytes, hex; {@code size} (the file's size when it was listed) only sizes the buffer. */
    static String hash(Path file, long size) throws IOException {
        MessageDigest md = sha256();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[(int) Math.max(512, Math.min(64 * 1024, size + 1))]; // most files are small
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }
}
