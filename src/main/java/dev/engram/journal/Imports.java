package dev.engram.journal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import tools.jackson.databind.node.ObjectNode;

/**
 * Imported originals and their records, {@code imports/<id>/} ({@code id} is {@code YYYYMMDD_HHMMSS} with an optional
 * {@code _N} suffix): {@code import.json} (the record), the original file, and other result files. Every write is
 * atomic; originals are streamed into the staging folder, fsynced and renamed into place.
 */
public final class Imports {
    private static final Pattern ID = Pattern.compile("\\d{8}_\\d{6}(_\\d{1,4})?");
    private final Store store;

    Imports(Store store) {
        this.store = store;
    }

    /** Whether {@code id} is a well-formed import id. */
    public static boolean isId(String id) {
        return id != null && ID.matcher(id).matches();
    }

    /** The import ids present, sorted (oldest first); other folders are skipped with a warning. */
    public List<String> ids() {
        List<String> out = new ArrayList<>();
        for (Path p : store.list(store.at("imports"))) {
            String name = Store.name(p);
            if (!Files.isDirectory(p) || name.startsWith(".")) {
                continue;
            }
            if (!isId(name)) {
                store.sink.warn(new Warning(store.rel(p), 0, "skipped import folder: not an import id"));
                continue;
            }
            out.add(name);
        }
        return out;
    }

    public boolean exists(String id) {
        return Files.isDirectory(store.at("imports", id(id)));
    }

    /**
     * Creates the empty folder {@code imports/<id>/} and answers true, or false when it is already there: one
     * atomic {@code mkdir}, so two processes choosing an id at once never both get the same one.
     */
    public boolean create(String id) {
        Path dir = store.path("imports", id(id));
        mkdirs(dir.getParent());
        try {
            Files.createDirectory(dir);
            if (store.durability == Durability.SYNC) {
                DurableFiles.syncDirectory(dir.getParent());
            }
            return true;
        } catch (java.nio.file.FileAlreadyExistsException e) {
            return false;
        } catch (IOException e) {
            throw new JournalException("cannot create " + store.rel(dir) + ": " + DurableFiles.describe(e), e);
        }
    }

    /**
     * Takes the lock of one content ({@code key}: its SHA-256, lower-case hex) for the whole of its import, or
     * empty when an import of this process or of another holds it; see {@link JournalLock}.
     */
    public Optional<JournalLock> tryLock(String key) {
        if (key == null || !key.matches("[0-9a-f]{64}")) {
            throw new InvalidNameException("invalid content key " + Names.shown(key) + ": give a SHA-256 in hex");
        }
        return JournalLock.tryLock(store.path("imports", JournalLock.DIR, key + ".lock"));
    }

    /** {@code imports/<id>/import.json}, when present and readable (else a warning and empty). */
    public Optional<ObjectNode> record(String id) {
        return store.readObject(store.at("imports", id(id), "import.json"));
    }

    /** Writes {@code imports/<id>/import.json} atomically (creating the folder). */
    public void writeRecord(String id, ObjectNode record) {
        writeFile(id, "import.json", Json.writePretty(record));
    }

    /** Writes a text file of an import atomically (creating the folder). */
    public void writeFile(String id, String name, String text) {
        Path dir = store.path("imports", id(id));
        mkdirs(dir);
        store.writeText(store.path("imports", id, Names.fileName(name)), text);
    }

    /**
     * Streams an original file into {@code imports/<id>/<name>} (at most {@code maxBytes}, never held whole): written
     * and fsynced in the staging folder, then renamed into place. Returns its size and SHA-256.
     */
    public StoredFile storeOriginal(String id, String name, InputStream in, long maxBytes) {
        Names.fileName(name);
        Path dir = store.path("imports", id(id));
        mkdirs(dir);
        Path target = store.path("imports", id, name);
        Path tmp = new Staging(store).newPath("import-");
        StoredFile f = Staging.write(tmp, name, in, maxBytes, store.durability);
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            if (store.durability == Durability.SYNC) {
                DurableFiles.syncDirectory(dir);
            }
        } catch (IOException e) {
            Staging.deleteQuietly(tmp);
            throw new JournalException("cannot store " + store.rel(target) + ": " + DurableFiles.describe(e), e);
        }
        store.announce(target);
        return f;
    }

    /** The path of a file of an import, for reading (callers bound what they read). */
    public Path file(String id, String name) {
        return store.path("imports", id(id), Names.fileName(name));
    }

    /** Removes an import folder and everything in it (an import found to be a duplicate while it was stored). */
    public void remove(String id) {
        store.removeTree(store.path("imports", id(id)), new long[2]);
        store.announce(store.at("imports", id));
    }

    private static String id(String id) {
        if (!isId(id)) {
            throw new InvalidNameException("invalid import id " + Names.shown(id) + ": use YYYYMMDD_HHMMSS or"
                    + " YYYYMMDD_HHMMSS_N");
        }
        return id;
    }

    private void mkdirs(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new JournalException("cannot create " + store.rel(dir) + ": " + DurableFiles.describe(e), e);
        }
    }
}
