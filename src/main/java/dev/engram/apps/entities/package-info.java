/**
 * The Entities app (👥, facet bar): the people, companies, projects and tools of each facet. Attached entities live
 * in {@code facets/<f>/entities.jsonl} (a {@code detached} one is soft-deleted and stays, so it is remembered),
 * detected ones in {@code facets/<f>/entities/<day>.jsonl}, listed here summed up over the last days (most days
 * first). The owner attaches (a detected entity becomes attached as detected), detaches (a detected one is dismissed:
 * recorded as detached, so promotion never brings it back), edits type and description, adds and removes akas, and
 * runs promotion now; every change goes through {@link dev.engram.journal.EntityEdits} (one locked, atomic rewrite)
 * and is logged in the facet's action log ({@code source: app}, {@code actor: entities}). Automatic promotion of
 * recurring detected entities is {@link dev.engram.journal.EntityPromotion}, which think's daily run calls.
 *
 * <p>An entity's page shows its mentions through the index ({@code dev.engram.index.api.Searcher}, looked up per
 * request with {@code findService}: when it is absent or cannot answer, the page says so and still shows the
 * entity): a per-day histogram and the hits, each linking to the transcripts app at its segment and moment. The pages
 * reload on the bus event {@code journal.changed} of kind {@code entities} (or {@code missed}).
 *
 * <p>With no LLM provider configured, the think pipeline fills nothing in: the view's {@code setup} field
 * ({@link dev.engram.apps.setup.ThinkSetup}) says what to configure and the page shows it as a notice at its top.
 *
 * <p>Threading: handlers run on Convey's request threads and hold no state; the journal serializes writers of one
 * file. Failures: bad input is a 400 naming the field, an unknown facet a 404 {@code unknown_facet}, an unknown entity
 * a 404 {@code unknown_entity}, attaching an attached one 409 {@code already_attached}; an unreadable line is skipped
 * with a warning shown on the page.
 */
package dev.engram.apps.entities;
