/**
 * Home (🏠): the selected day's dashboard. Todos (open, done, cancelled) and events of the selected facet, or of every
 * unmuted facet when none is selected; the day's detected entities and facet news ({@code DayCards}); the day's
 * insights rendered from markdown; counts; whether the journal is still empty (for the welcome); and per-day activity
 * counts for the shell's month view.
 *
 * <p>With no LLM provider configured, the think pipeline fills nothing in: the view's {@code setup} field
 * ({@link dev.engram.apps.setup.ThinkSetup}) says what to configure and the page shows it as a notice at its top.
 *
 * <p>Threading: handlers run on Javalin's request threads and only read the journal (which is thread-safe); the app
 * holds no mutable state besides the journal set once at {@code start}. Failures: bad parameters are 400s with a
 * reason code; an unreadable journal line is skipped by the journal with a warning, so a day always renders.
 */
package dev.engram.apps.home;
