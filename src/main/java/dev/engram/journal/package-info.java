/**
 * The journal: the owner's plain-file record of their days, and the single owner of reading and writing it.
 *
 * <p>Layout is the reference system's (solstone SEED): {@code config/}, {@code facets/<f>/}, {@code YYYYMMDD/HHMMSS_LEN/}
 * segments with captures and extracts, {@code tokens/}, {@code agents/}, {@code apps/<app>/}. Each persisted shape is a
 * named, versioned {@link dev.engram.journal.JournalFormat}; legacy shapes keep their own (tested) readers. Records keep
 * fields Engram does not model in {@link dev.engram.journal.Extra}, so a read-modify-write never loses them.
 *
 * <p><b>Threading:</b> {@link dev.engram.journal.Journal} and the stores it hands out are thread-safe. Writers of one
 * file in this process are serialized by a per-file (striped) lock shared by every Journal of the process, so
 * concurrent read-modify-writes lose no update. Other processes writing the same file at the same time are not
 * coordinated, except through a {@link dev.engram.journal.JournalLock} (an OS file lock): one per imported content
 * ({@code imports/.locks/}) keeps one content to one import at a time across processes, and an app's lock
 * ({@link dev.engram.journal.Journal#tryLockApp}) keeps one capture (a tmux observer) to one process.
 *
 * <p><b>Change feed:</b> every durable write announces a {@link dev.engram.journal.JournalChange} on the journal's
 * {@link dev.engram.journal.JournalChanges} after the write is durable, under the file's lock (so one file's and one
 * writer's changes keep their order). Writers only offer to each subscription's bounded queue; each subscription is
 * delivered on its own daemon thread, so a slow or failing subscriber never slows writers or other subscribers. An
 * overflow drops the change for that subscriber only, is counted and logged (rate-limited), and the subscriber is told
 * it missed changes before any later one. A segment committed whole is one {@code segment} change (its folder), not
 * one change per file.
 *
 * <p><b>Streamed segments:</b> large files are streamed (never held whole) into the process's staging folder
 * {@code .staging/<pid>-<start>/}, checksummed (SHA-256), size-limited and fsynced; a new segment is committed into
 * its day in one rename ({@link dev.engram.journal.StagedSegment}), never over an existing folder; a file added to an
 * existing segment is renamed in whole. {@link dev.engram.journal.Journal#recover()} removes the staging of crashed
 * processes at start. A new segment's {@code stream.json} ({@link dev.engram.journal.Stream}: the capture stream it
 * belongs to) is written in the staged folder, so it appears with the segment.
 *
 * <p><b>Group commit:</b> concurrent segment commits into one day share the fsyncs of the day folder and of the
 * staging folder, and concurrent appends to one file share its fsync (GroupSync): each caller still returns only after
 * an fsync that started after its own rename or write has completed, so sharing never weakens durability.
 * One commit's independent fsyncs overlap (Overlap: a few daemon helper threads): each staged file's fdatasync starts
 * once it is written, the staged folder's runs meanwhile, and the rename waits for all; the day and staging folder
 * fsyncs after it run together, and commit returns once both ended.
 *
 * <p><b>Failure rules:</b> whole-file writes go to a temp file in the process's staging folder (same file system),
 * are fsynced, renamed over the target, and the target's folder is fsynced: a crash leaves the old file or the new
 * one, never a torn or empty one, and its temp file is removed by the next {@code recover()}. Appends
 * write whole lines in one write and fsync; a torn last line left by a crash is ended before the next append, and is
 * then skipped with a warning. Rewrites of JSON-lines files keep untouched lines byte for byte. Reading never fails
 * on bad content: a malformed line (bad JSON, invalid UTF-8, over the parser's limits), a legacy file, an unexpected
 * folder or a file it cannot read (permissions, a link loop) becomes a
 * {@link dev.engram.journal.Warning} (file and line) and is skipped; an update never replaces a document it could
 * not read. See {@code docs/journal.md}. I/O failures and invalid names
 * throw the unchecked {@link dev.engram.journal.JournalException}, whose message names the file, the cause and the fix.
 * Every name from outside (facet, app, day, segment, file) is validated by {@link dev.engram.journal.Names} and
 * friends; nothing is ever read or written outside the journal root's real path: readers skip a symbolic link that
 * leaves it (with a warning), writers refuse it ({@link dev.engram.journal.OutsideJournalException}). Readers are
 * bounded: JSON-lines files are streamed and a line over 1 MiB is skipped as over the limit; whole-file reads stop at
 * 16 MiB. An update of a file that cannot be read fails with {@link dev.engram.journal.UnreadableFileException}.
 * Facet creation builds the facet in a hidden folder and renames it into place.
 */
package dev.engram.journal;
