package dev.engram.index;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One walk task's comparison of the journal with the manifest ({@link KeywordIndex#catchUp}): each file the walk
 * finds is looked up at once, on the walk's thread, so a catch-up with nothing changed keeps no map of the journal's
 * 126,000 files (a year) and compares on every core: the files to index (new, changed, or every file when
 * {@code force}), the count of unchanged ones, and how many of the files found the manifest knows, which tells
 * whether any file the manifest knows is gone (see {@link #noneGone}) without a second pass over the manifest. Used by
 * one thread at a time.
 */
final class CatchUpDiff implements JournalScan.Visitor {
    private final Manifest manifest;
    private final boolean force;
    private final List<String> work = new ArrayList<>();
    private final List<String> found = new ArrayList<>();
    private int unchanged;
    private int known;

    CatchUpDiff(Manifest manifest, boolean force) {
        this.manifest = manifest;
        this.force = force;
    }

    @Override
    public void file(String path, long size, long mtime) {
        found.add(path);
        Manifest.Entry e = manifest.entry(path);
        if (e == null) {
            work.add(path);
            return;
        }
        known++;
        if (!force && e.size() == size && e.mtime() == mtime) {
            unchanged++;
        } else {
            work.add(path);
        }
    }

    /** The files to index of every part, in walk order. */
    static List<String> work(List<CatchUpDiff> parts) {
        List<String> out = new ArrayList<>();
        for (CatchUpDiff p : parts) {
            out.addAll(p.work);
        }
        return out;
    }

    static int unchanged(List<CatchUpDiff> parts) {
        int n = 0;
        for (CatchUpDiff p : parts) {
            n += p.unchanged;
        }
        return n;
    }

    /**
     * Whether no file the manifest knows can be gone from the journal: the manifest did not change during the walk
     * ({@code versionBefore}, read before the first lookup, is still its {@link Manifest#version}) and every one of its
     * entries was found, the walk's paths being distinct. Otherwise the caller looks for gone files itself.
     */
    static boolean noneGone(List<CatchUpDiff> parts, Manifest manifest, long versionBefore) {
        long known = 0;
        for (CatchUpDiff p : parts) {
            known += p.known;
        }
        return manifest.version() == versionBefore && known == manifest.size();
    }

    /** Every path the walk found (to tell which of the manifest's files are gone, when some may be). */
    static Set<String> found(List<CatchUpDiff> parts) {
        int n = 0;
        for (CatchUpDiff p : parts) {
            n += p.found.size();
        }
        Set<String> out = HashSet.newHashSet(n);
        for (CatchUpDiff p : parts) {
            out.addAll(p.found);
        }
        return out;
    }
}
