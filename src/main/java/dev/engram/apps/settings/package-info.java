/**
 * Settings (⚙️): the owner's identity in {@code config/journal.json}, the facets (create, edit title, description,
 * color, emoji, mute), the Convey password, and the journal's action log. Every change is appended to
 * {@code config/actions/YYYYMMDD.jsonl} with actor {@code settings} and source {@code app}; secrets never reach a log.
 *
 * <p>Threading: handlers run on Javalin's request threads; writes go through the journal's serialized, atomic
 * read-modify-write ({@code updateConfig}, {@code FacetStore.update}), so concurrent edits never lose a file. The app
 * holds no state besides the journal set at {@code start}. Failures: every field is validated before anything is
 * written (400 with a reason code such as {@code invalid_timezone}, {@code invalid_color}, or {@code invalid_unicode} for
 * a lone UTF-16 surrogate); a change is logged only
 * after it was saved, and only when something actually changed.
 */
package dev.engram.apps.settings;
