package dev.engram.apps.settings;

import dev.engram.convey.ApiError;
import dev.engram.convey.Params;
import dev.engram.journal.Facet;
import dev.engram.journal.FacetExistsException;
import dev.engram.journal.Journal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import tools.jackson.databind.node.ObjectNode;

/**
 * Lists, creates and edits facets ({@code facets/<name>/facet.json}). Creation is logged as {@code facet_create},
 * edits (including mute and unmute) as {@code facet_update} with the facet name and the changed fields.
 */
final class FacetsApi {
    private static final Set<String> EDITABLE = Set.of("title", "description", "color", "emoji", "muted");
    private static final Pattern COLOR = Pattern.compile("#[0-9a-fA-F]{6}");
    private final Journal journal;

    FacetsApi(Journal journal) {
        this.journal = journal;
    }

    Map<String, Object> list() {
        return Map.of("facets", journal.facets().stream().map(FacetsApi::json).toList());
    }

    static Map<String, Object> json(Facet f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", f.name());
        m.put("title", f.title());
        m.put("description", f.description());
        m.put("color", f.color());
        m.put("emoji", f.emoji());
        m.put("muted", f.muted());
        return m;
    }

    Map<String, Object> create(ObjectNode body) {
        Set<String> known = new java.util.HashSet<>(EDITABLE);
        known.add("name");
        Fields.onlyKnown(body, known);
        String name = Params.facet(Fields.text(body, "name", 64, false).orElse(""));
        Edit edit = Edit.of(body);
        Facet created = edit.apply(Facet.named(name));
        if (created.title().isEmpty()) {
            created = created.withTitle(name);
        }
        try {
            journal.facetStore(name).create(created);
        } catch (FacetExistsException e) {
            throw new ApiError(409, "facet_exists", e.getMessage());
        }
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("facet", name);
        params.putAll(changes(Facet.named(name), created));
        ActionLog.log(journal, "facet_create", params);
        return json(created);
    }

    Map<String, Object> update(String facetName, ObjectNode body) {
        String name = Params.facet(facetName);
        Fields.onlyKnown(body, EDITABLE);
        Edit edit = Edit.of(body);
        Facet before = journal.facet(name).orElseThrow(() -> ApiError.notFound("unknown_facet",
                "there is no facet '" + name + "'"));
        Facet after = journal.facetStore(name).update(edit::apply);
        Map<String, Object> changed = changes(before, after);
        if (!changed.isEmpty()) {
            Map<String, Object> params = new LinkedHashMap<>();
            params.put("facet", name);
            params.putAll(changed);
            ActionLog.log(journal, "facet_update", params);
        }
        Map<String, Object> out = json(after);
        out.put("changed", List.copyOf(changed.keySet()));
        return out;
    }

    private static Map<String, Object> changes(Facet before, Facet after) {
        Map<String, Object> a = json(before);
        Map<String, Object> out = new LinkedHashMap<>();
        json(after).forEach((k, v) -> {
            if (!k.equals("name") && !v.equals(a.get(k))) {
                out.put(k, v);
            }
        });
        return out;
    }

    /** The validated fields of a create or edit request; absent fields stay as they are. */
    record Edit(Optional<String> title, Optional<String> description, Optional<String> color,
                Optional<String> emoji, Optional<Boolean> muted) {
        static Edit of(ObjectNode body) {
            Optional<String> title = Fields.text(body, "title", 100, false);
            if (title.isPresent() && title.get().isEmpty()) {
                throw ApiError.badRequest("invalid_title", "the title must not be empty");
            }
            Optional<String> color = Fields.text(body, "color", 32, false);
            color.filter(c -> !c.isEmpty() && !COLOR.matcher(c).matches()).ifPresent(c -> {
                throw ApiError.badRequest("invalid_color", "color '" + c + "' must look like #rrggbb, e.g. #3b82f6");
            });
            Optional<String> emoji = Fields.text(body, "emoji", 16, false);
            emoji.filter(e -> e.codePointCount(0, e.length()) > 8).ifPresent(e -> {
                throw ApiError.badRequest("invalid_emoji", "the emoji must be a single emoji");
            });
            return new Edit(title, Fields.text(body, "description", 2000, true),
                    color.map(c -> c.toLowerCase(java.util.Locale.ROOT)), emoji, Fields.bool(body, "muted"));
        }

        Facet apply(Facet f) {
            Facet out = f;
            out = title.map(out::withTitle).orElse(out);
            out = description.map(out::withDescription).orElse(out);
            out = color.map(out::withColor).orElse(out);
            out = emoji.map(out::withEmoji).orElse(out);
            return muted.map(out::withMuted).orElse(out);
        }
    }
}
