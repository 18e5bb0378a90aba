/**
 * Transcripts (📜): a day's segments on a timeline; per segment its audio transcripts (offsets shown as clock times),
 * its screen and tmux extracts (tmux panes both ANSI-stripped and as SGR-coloured text runs, {@code AnsiRuns}) and its
 * insights; and the raw captured media, served from disk with HTTP Range support (RFC 9110: ranges past the end are
 * capped to the file).
 *
 * <p>Threading: handlers run on Javalin's request threads, only read the journal and hold no state besides the journal
 * set once at {@code start}. Media is streamed in small chunks from a file channel, never loaded whole. Failures: every
 * path part (day, segment, file) is validated before touching the disk (400 with a reason code); a missing segment or
 * file is a 404; a client that goes away mid-stream just ends the copy.
 */
package dev.engram.apps.transcripts;
