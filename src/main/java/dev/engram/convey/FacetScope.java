package dev.engram.convey;

import dev.engram.journal.Facet;
import dev.engram.journal.Journal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The facets an app's request is about: a named one (404 {@code unknown_facet} when unknown) or every unmuted one. */
public final class FacetScope {
    private FacetScope() {
    }

    /** The named facet, or every unmuted facet. */
    public static List<Facet> of(Journal journal, Optional<String> facet) {
        if (facet.isPresent()) {
            return List.of(known(journal, facet.get()));
        }
        return journal.facets().stream().filter(f -> !f.muted()).toList();
    }

    /** The facet, or 404 {@code unknown_facet}. */
    public static Facet known(Journal journal, String name) {
        return journal.facet(name).orElseThrow(() -> ApiError.notFound("unknown_facet",
                "there is no facet '" + name + "'; create it in Settings first"));
    }

    /** {@code {name, title, color, emoji}}. */
    public static Map<String, Object> json(Facet f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", f.name());
        m.put("title", f.title());
        m.put("color", f.color());
        m.put("emoji", f.emoji());
        return m;
    }
}
