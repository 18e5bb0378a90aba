/**
 * The Calendar app (📅): month, week and day views of the facets' events ({@code facets/<f>/events/<day>.jsonl}),
 * occurrences and anticipations alike, each coloured by its facet; adding, editing, moving and (for the owner's own
 * events) removing events; and, from an event, links to where it was mentioned (its source segment in the
 * transcripts app, the recorded segments overlapping it, its daily insight, a search for its title).
 *
 * <p>An event's id in the API is {@code <line>-<fingerprint>}: its line in the day's file and a hash of what that
 * line held, so an edit made after the file changed (think re-filed the day's events) answers 409
 * {@code event_changed} instead of changing the wrong line. Every write goes through
 * {@link dev.engram.journal.FacetStore}'s locked, atomic rewrites, is marked as the owner's
 * ({@code edited_by: owner}; {@code FacetStore.replaceEvents} keeps such events through a forced re-run of the
 * extraction) and is logged in the facet's action log ({@code source: app}, {@code actor: calendar}, as the
 * reference logs apps). The page redraws on the bus event {@code journal.changed} of kind {@code events}.
 *
 * <p>With no LLM provider configured, the think pipeline fills nothing in: the view's {@code setup} field
 * ({@link dev.engram.apps.setup.ThinkSetup}) says what to configure and the page shows it as a notice at its top.
 *
 * <p>Threading: handlers run on Convey's request threads and hold no state. Failures: bad input is a 400 naming the
 * field ({@code invalid_day}, {@code invalid_range}, {@code range_too_long}, {@code invalid_time}, ...), an unknown
 * facet or event a 404, a stale id a 409; a broken line of an event file is skipped with a warning shown on the page.
 */
package dev.engram.apps.calendar;
