/**
 * The Todos app (✅, date navigation with future days): the owner's checklist per facet and day, kept in
 * {@code facets/<f>/todos/<day>.jsonl} (a todo's id is its 1-based line number, lines are only appended or rewritten
 * in place). Every change goes through {@link dev.engram.journal.FacetStore}'s atomic, locked rewrites (so two
 * requests never lose each other's update) and is logged in the facet's action log ({@code source: app},
 * {@code actor: todos}). Order is kept in each todo's {@code order} field (a custom field the format preserves);
 * carrying a todo over appends it to the target day ({@code carried_from}) and then marks the original cancelled
 * with {@code moved_to}. The page reloads on the bus event {@code journal.changed} of kind {@code todos}.
 *
 * <p>With no LLM provider configured, the think pipeline fills nothing in: the view's {@code setup} field
 * ({@link dev.engram.apps.setup.ThinkSetup}) says what to configure and the page shows it as a notice at its top.
 *
 * <p>Threading: handlers run on Convey's request threads and hold no state; the journal serializes writers of one
 * file. Failures: bad input is a 400 naming the field, an unknown facet a 404 {@code unknown_facet}, an unknown
 * todo a 404 {@code unknown_todo}; an unreadable line is skipped with a warning shown on the page.
 */
package dev.engram.apps.todos;
