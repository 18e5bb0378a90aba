/**
 * The search index: a Lucene index derived from the journal's files (keyword fields and, once embedded, chunk
 * vectors), kept under {@code <journal>/indexes/keyword/} in a named, versioned format (see
 * {@link dev.engram.index.IndexFolder}). The journal's files are the truth; everything here can be deleted and rebuilt.
 *
 * <p>Parts: {@link dev.engram.index.Formatters} (which journal file is indexed, and how it becomes
 * {@link dev.engram.index.Chunk}s: markdown by {@link dev.engram.index.MarkdownChunker}, transcripts, extracts,
 * events, entities, todos, news); {@link dev.engram.index.JournalScan} (the indexable files and their size and mtime);
 * {@link dev.engram.index.KeywordIndex} (the Lucene index plus a manifest of the indexed files, path, size, mtime and
 * content hash, stored as documents of the same index, so chunks and manifest commit together; opened by
 * {@link dev.engram.index.IndexOpening}, written by {@link dev.engram.index.IndexWrites});
 * {@link dev.engram.index.UserQuery} (the reference's query language with HEAD's NEAR ranking, never failing on user
 * input); {@link dev.engram.index.RelativeDates} ("yesterday", "last week", "in March": a day range, injected clock);
 * {@link dev.engram.index.IndexSearch} (filters, then keyword, semantic, or hybrid by reciprocal rank fusion);
 * {@link dev.engram.index.Embeddings} (offline all-MiniLM-L6-v2) and {@link dev.engram.index.EmbeddingBacklog} (fills
 * the chunks' missing vectors; the backlog is "chunks without a vector", so it resumes after a restart);
 * {@link dev.engram.index.IndexBench} (the {@code engram bench index|search} harness; {@link dev.engram.index.ProductBench}
 * runs each index phase in a child JVM through {@code bin/engram}, the start configuration's phase being
 * {@link dev.engram.index.StartPhase}, the bus path's {@link dev.engram.index.BusPathBench}, run by the CLI in a
 * started Engram);
 * {@link dev.engram.index.Indexer} (the service, registered as the {@link dev.engram.index.api.Searcher}: opens the
 * index and catches up in the background, opening and comparing at normal priority, reading and indexing changed
 * files at minimum priority, then follows the journal change feed through
 * {@link dev.engram.index.ChangeFollower}, which holds back while a burst of changes is still arriving
 * ({@link dev.engram.app.BurstHold}: at most 10 s, then everything waiting is indexed), hears other processes' writes on the bus through its {@code index} app
 * {@link dev.engram.index.BusFollower} ({@code observe.observed}, {@code journal.changed} of another origin) and embeds the backlog through {@link dev.engram.index.BacklogEmbedder} on a
 * minimum-priority thread) and
 * {@link dev.engram.index.IndexReader} (the last commit, read-only, for {@code engram search} beside a running Engram).
 * The API that apps, agents and MCP call ({@code Searcher}, its query, results and exception) is in
 * {@link dev.engram.index.api}; other service packages use only that. See docs/index.md.
 *
 * <p><b>Threads:</b> one writer per index folder (Lucene's write lock; a second writer gets a one-line error).
 * Inside {@link dev.engram.index.KeywordIndex} updates of different files run concurrently (a catch-up's
 * {@link dev.engram.index.IndexWorkers}, one thread per core, and the change feed's thread), updates of one file are
 * serialized (a lock stripe per path), and each file's chunks and manifest document are one atomic Lucene block;
 * clearing and the embedding backlog's read and write exclude updates. Searches run concurrently with updates on
 * near-real-time readers they acquire and never refresh themselves; Lucene's merges run at minimum priority
 * ({@link dev.engram.index.BackgroundMerges}). The periodic sweep (every 10 minutes, scheduled on the app's
 * scheduler, whose task only notes it) is a catch-up run by the minimum-priority bulk follower, its workers at minimum
 * priority. <b>Failures:</b> a journal file that cannot be read or formatted is skipped with a warning
 * naming it and counted (at most one warning per file per indexing, {@link dev.engram.index.FileWarnings}); an index of another format version, or one Lucene cannot open, is deleted and rebuilt with
 * one warning; damage Lucene opens without complaint is found by {@link dev.engram.index.CorruptionCheck} (a
 * search or the embedding backlog's read failing on damaged bytes, or the checksums verified once after the start-up
 * catch-up) and rebuilt in the background with one warning by {@link dev.engram.index.IndexRepair}, searches failing
 * meanwhile with an {@code IndexException}, never an internal error, the backlog waiting and then embedding the
 * rebuilt chunks; user query syntax never throws (unparsable input is searched as plain words); an embedding model that
 * cannot load stops only the backlog (health degraded, semantic and hybrid searches fall back to keyword with a
 * notice).
 */
package dev.engram.index;
