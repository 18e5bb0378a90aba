package dev.engram.apps.home;

import dev.engram.convey.ApiError;
import dev.engram.journal.Facet;
import dev.engram.journal.Journal;
import java.util.List;
import java.util.Optional;

/** Which facets a dashboard shows: the selected one (which must exist), or every facet that is not muted. */
final class Scope {
    private Scope() {
    }

    static List<Facet> facets(Journal journal, Optional<String> selected) {
        if (selected.isPresent()) {
            Facet f = journal.facet(selected.get()).orElseThrow(() -> ApiError.badRequest("unknown_facet",
                    "there is no facet '" + selected.get() + "'"));
            return List.of(f);
        }
        return journal.facets().stream().filter(f -> !f.muted()).toList();
    }
}
