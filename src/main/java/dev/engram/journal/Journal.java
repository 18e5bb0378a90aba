package dev.engram.journal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * An open journal: the single owner of reading and writing the journal folder, in the reference (SEED) layout.
 * Thread-safe; writers of one file in this process are serialized, and every write is atomic or an fsynced append.
 * Obtain with {@link #open(Path)} or {@link #create(Path, String)}.
 */
public final class Journal {
    private final Store store;

    private Journal(Store store) {
        this.store = store;
    }

    /** Opens an existing journal folder. */
    public static Journal open(Path root) {
        Path abs = root.toAbsolutePath().normalize();
        if (!Files.isDirectory(abs)) {
            throw new JournalException("no journal at " + abs + ": the folder does not exist; create one with"
                    + " 'engram init --journal " + abs + "' or point --journal at an existing journal");
        }
        if (!Files.isReadable(abs)) {
            throw new JournalException("cannot read the journal at " + abs + ": permission denied");
        }
        return new Journal(new Store(abs, Durability.SYNC, WarningSink.logging(), FileLocks.PROCESS,
                new JournalChanges()));
    }

    /** Creates the journal skeleton ({@code config/journal.json} with the owner's name) or opens an existing one. */
    public static Journal create(Path root, String ownerName) {
        Path abs = root.toAbsolutePath().normalize();
        try {
            Files.createDirectories(abs.resolve("config"));
            Files.createDirectories(abs.resolve("facets"));
        } catch (IOException e) {
            throw new JournalException("cannot create a journal at " + abs + ": " + DurableFiles.describe(e)
                    + "; choose a writable folder with --journal", e);
        }
        Journal j = open(abs);
        j.updateConfig(c -> c.identity().name().isEmpty() && ownerName != null && !ownerName.isBlank()
                ? c.withIdentity(new Identity(ownerName, c.identity().preferred(), c.identity().bio(),
                        c.identity().pronouns(), c.identity().aliases(), c.identity().emailAddresses(),
                        c.identity().timezone(), c.identity().extra()))
                : c);
        return j;
    }

    /** The same journal with other write durability (e.g. {@link Durability#BULK} for generated data). */
    public Journal withDurability(Durability durability) {
        return new Journal(store.with(durability, store.sink));
    }

    /** The same journal sharing its fsyncs through {@code syncs} (tests observe group commit with it). */
    Journal withSyncs(GroupSync syncs) {
        return new Journal(store.withSyncs(syncs));
    }

    /** Where this journal reports read warnings (to combine with another sink, see {@link WarningSink#and}). */
    public WarningSink warningSink() {
        return store.sink;
    }

    /** The same journal reporting read warnings to {@code sink}. */
    public Journal withWarnings(WarningSink sink) {
        return new Journal(store.with(store.durability, sink));
    }

    /**
     * The change feed of this journal: every durable write through it (and through every Journal derived from it)
     * is announced to the feed's subscribers. See {@link JournalChanges}.
     */
    public JournalChanges changes() {
        return store.changes;
    }

    public Path root() {
        return store.root;
    }

    /**
     * {@code <journal>/health/<name>}, checked like any journal write: refused ({@link OutsideJournalException}) when
     * a symbolic link on the way leads outside the journal.
     */
    public Path healthFile(String name) {
        return store.path("health", name);
    }

    /**
     * Appends one JSON line to {@code <journal>/health/<name>} (created if missing), fsynced under the file's write
     * lock, so concurrent writers never interleave: the audit logs (outbound provider calls, MCP calls, ingest
     * history of the process) use it.
     */
    public void appendHealthLine(String name, tools.jackson.databind.node.ObjectNode line) {
        store.appendLines(healthFile(name), List.of(line));
    }

    /** {@link #appendHealthLine} of several lines at once: one write and one fsync for all (a writer's batch). */
    public void appendHealthLines(String name, List<tools.jackson.databind.node.ObjectNode> lines) {
        store.appendLines(healthFile(name), lines);
    }

    /** A journal-relative path of a file inside this journal, with '/' separators. */
    public String relativize(Path file) {
        return store.rel(file);
    }

    // ---- config/journal.json and config/convey.json ----

    public JournalConfig config() {
        return store.readObject(store.at("config", "journal.json")).map(JournalConfig::decode)
                .orElseGet(() -> new JournalConfig(null, null, null));
    }

    /**
     * {@code config/journal.json} for decisions that must not take a broken file for a missing one (Convey's "is a
     * password set?"): like {@link #config()}, but when the file exists and cannot be read (not valid JSON, not an
     * object, a folder, over the size limit, a link leaving the journal) it throws {@link UnreadableFileException}
     * naming the file, what is wrong and the fix.
     */
    public JournalConfig requireConfig() {
        Path file = store.at("config", "journal.json");
        WarningSink.Collecting problems = WarningSink.collecting(4);
        Optional<JournalConfig> config = store.with(store.durability, store.sink.and(problems)).readObject(file)
                .map(JournalConfig::decode);
        if (config.isEmpty() && Staging.exists(file)) {
            String why = problems.warnings().stream().map(Warning::message).findFirst().orElse("it cannot be read");
            throw new UnreadableFileException("config/journal.json", "cannot read config/journal.json (" + why
                    + "): it holds the owner's identity and Convey's password; fix the file (a JSON object, see"
                    + " docs/journal.md), or move it away and run 'engram password' to set a new password");
        }
        return config.orElseGet(() -> new JournalConfig(null, null, null));
    }

    /** Changes {@code config/journal.json} atomically; concurrent updates in this process are serialized. */
    public JournalConfig updateConfig(UnaryOperator<JournalConfig> change) {
        return store.update(configFile(),
                current -> change.apply(current.map(JournalConfig::decode)
                        .orElseGet(() -> new JournalConfig(null, null, null))).encode(),
                JournalConfig::decode);
    }

    public ConveyPrefs conveyPrefs() {
        return store.readObject(store.at("config", "convey.json")).map(ConveyPrefs::decode)
                .orElse(ConveyPrefs.DEFAULT);
    }

    public ConveyPrefs updateConveyPrefs(UnaryOperator<ConveyPrefs> change) {
        return store.update(store.path("config", "convey.json"),
                current -> change.apply(current.map(ConveyPrefs::decode).orElse(ConveyPrefs.DEFAULT)).encode(),
                ConveyPrefs::decode);
    }

    private Path configFile() {
        return store.path("config", "journal.json");
    }

    // ---- facets ----

    /** All facets, sorted by name. Folders with an invalid name are skipped with a warning. */
    public List<Facet> facets() {
        List<Facet> out = new ArrayList<>();
        for (Path dir : store.list(store.at("facets"))) {
            String name = Store.name(dir);
            if (!Files.isDirectory(dir) || name.startsWith(".")) {
                continue;
            }
            if (!Names.isFacet(name)) {
                store.sink.warn(new Warning(store.rel(dir), 0, "skipped facet folder: not a valid facet name"));
                continue;
            }
            out.add(facetStore(name).read());
        }
        return out;
    }

    public Optional<Facet> facet(String name) {
        FacetStore fs = facetStore(name);
        return fs.exists() ? Optional.of(fs.read()) : Optional.empty();
    }

    /** The store of one facet's files (entities, events, todos, news, logs). The facet need not exist yet. */
    public FacetStore facetStore(String name) {
        return new FacetStore(store, Names.facet(name));
    }

    // ---- days, segments, journal-level logs ----

    public Days days() {
        return new Days(store);
    }

    public Actions actions() {
        return new Actions(store);
    }

    public Tokens tokens() {
        return new Tokens(store);
    }

    public Agents agents() {
        return new Agents(store);
    }

    /** Imported originals and their records, {@code imports/<id>/}. */
    public Imports imports() {
        return new Imports(store);
    }

    /**
     * {@code apps/<app>/}, the app's own storage folder, created on first use (refused with
     * {@link OutsideJournalException} when it leads outside the journal). This hands out a raw {@link Path}: writes
     * made through it bypass the journal's guarantees (no atomic write, no change-feed announcement, no path check of
     * what is below it). Prefer {@link #writeAppFile} and {@link #readAppFile}; use this only for what those cannot
     * do (e.g. an embedded database's own folder), and do not create symbolic links in it.
     */
    public Path appStorage(String app) {
        Path dir = store.path("apps", Names.app(app));
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new JournalException("cannot create " + store.rel(dir) + ": " + DurableFiles.describe(e), e);
        }
        return dir;
    }

    /** Writes a file inside an app's storage atomically; {@code parts} are validated file names. */
    public void writeAppFile(String app, String text, String... parts) {
        store.writeText(appFile(app, parts), text);
    }

    public Optional<String> readAppFile(String app, String... parts) {
        return store.readText(appFile(app, parts));
    }

    /**
     * Appends one JSON line to a file inside an app's storage ({@code parts} are validated file names), fsynced under
     * the file's write lock, so concurrent writers never interleave (ingest history, for one).
     */
    public void appendAppLine(String app, tools.jackson.databind.node.ObjectNode line, String... parts) {
        store.appendLines(appFile(app, parts), List.of(line));
    }

    /**
     * Takes the lock {@code apps/<app>/<name>.lock} for as long as the caller runs (a capture that must run once per
     * journal, e.g. one tmux observer per tmux server), or empty when another process, or another holder in this
     * one, has it; see {@link JournalLock}. {@code name} is a validated file name.
     */
    public Optional<JournalLock> tryLockApp(String app, String name) {
        return JournalLock.tryLock(appFile(app, name + ".lock"));
    }

    private Path appFile(String app, String... parts) {
        String[] all = new String[parts.length + 2];
        all[0] = "apps";
        all[1] = Names.app(app);
        for (int i = 0; i < parts.length; i++) {
            all[i + 2] = Names.fileName(parts[i]);
        }
        return store.path(all);
    }

    /** Names of the files in {@code personas/} (the owner's own agent personas), sorted; none when absent. */
    public List<String> personaFiles() {
        List<String> out = new java.util.ArrayList<>();
        for (Path p : store.list(store.at("personas"))) {
            String n = Store.name(p);
            if (!n.startsWith(".") && Files.isRegularFile(p)) {
                out.add(n);
            }
        }
        return out;
    }

    /** A file of {@code personas/} as text (bounded; warnings as every reader), or empty. */
    public Optional<String> readPersonaFile(String name) {
        return store.readText(store.path("personas", Names.fileName(name)));
    }

    // ---- streamed, committed segments ----

    /**
     * Starts a new segment in the staging folder; add its files, then {@link StagedSegment#commit} it into a day in one
     * rename. Close it when done.
     */
    public StagedSegment stageSegment() {
        return new StagedSegment(store);
    }

    /**
     * This process's scratch folder {@code name} ({@code .staging/<pid>-<start>/<name>/}, 1 to 40 of a-z, 0-9 and -),
     * created: for temporary files that a library writes and deletes itself, such as an HTTP multipart parser's
     * buffers, so they stay inside the journal's real path (never the system temp folder). Not durable; {@link
     * #recover()} removes it once this process is gone.
     */
    public Path scratchFolder(String name) {
        return new Staging(store).scratch(name);
    }

    /**
     * Removes the staging folders ({@code .staging/<pid>-<start>/}) this process created, in every journal, that are
     * empty: for a process that will write no more (the command line at exit), so commands leave no empty folders
     * behind. What is not empty stays for the next {@link #recover()}.
     */
    public static void releaseStaging() {
        Staging.releaseOwn();
    }

    /**
     * Removes what crashed processes left in the staging folder ({@code .staging/}: unfinished streamed files and
     * uncommitted segments) and reports it. Cheap (lists one folder); call it once at start. The staging of processes
     * still running, this one included, is left alone.
     */
    public Recovery recover() {
        return new Staging(store).recover();
    }

    /** Every persisted format this version reads, current and legacy. */
    public static List<JournalFormat> formats() {
        return List.of(JournalConfig.FORMAT, ConveyPrefs.FORMAT, Facet.FORMAT, Entity.FORMAT, FacetEvent.FORMAT,
                Todo.FORMAT, ActionLogEntry.FORMAT, TokenUsage.FORMAT, AgentEvent.FORMAT, AudioTranscript.FORMAT,
                AudioTranscript.LEGACY_ARRAY, ScreenExtract.FORMAT, ScreenExtract.LEGACY, Insight.FORMAT);
    }

    Store store() {
        return store;
    }
}
