/**
 * The demo journal generator behind {@code engram demo}: a fictional owner, four facets and their people, and for
 * every day a plan of segments (meetings, coding, reading, errands, workouts) rendered as transcripts, screen and
 * tmux extracts, insights, events, todos, news, action logs and token usage, all through the journal API.
 *
 * <p>Output is a pure function of {@link dev.engram.demo.DemoSpec}: every day draws from its own random stream
 * (seed and date), timestamps derive from the dates, never the wall clock, so the same spec gives byte-identical
 * journals. Days are written in parallel by a small pool; each day's files are written by one task only, and the
 * few cross-day records (anticipated events, agent runs) are written afterwards in day order.
 *
 * <p>Threading: {@link dev.engram.demo.DemoGenerator#generate} runs on the caller's thread and a pool of at most 8
 * threads it owns and shuts down before returning; progress callbacks come from the pool threads, one at a time.
 *
 * <p>Failures: a folder that is not empty and not a journal, or a real journal (one without the demo marker; never
 * replaced, even with {@code force}), is refused with {@link dev.engram.demo.DemoRefusedException} before anything
 * is written. Write errors surface as the journal's own {@code JournalException}. The first write of a run is the
 * demo marker with {@code "complete": false}, the last one sets it {@code true}: a run killed at any point leaves a
 * free folder or a demo journal recognisably incomplete, which the next run regenerates without {@code force}.
 */
package dev.engram.demo;
