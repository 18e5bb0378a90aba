package dev.engram.apps.home;

import dev.engram.journal.Day;
import dev.engram.journal.Facet;
import dev.engram.journal.Journal;
import java.time.YearMonth;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Activity per day of a month for the month view: segments plus events, {@code {"YYYYMMDD": n}}, only days with n > 0. */
final class MonthStats {
    private final Journal journal;

    MonthStats(Journal journal) {
        this.journal = journal;
    }

    Map<String, Integer> count(YearMonth month, Optional<String> facet) {
        Map<String, Integer> out = new TreeMap<>();
        for (Day d : journal.days().list()) {
            if (YearMonth.from(d.date()).equals(month)) {
                int n = journal.days().segments(d).size();
                if (n > 0) {
                    out.merge(d.key(), n, Integer::sum);
                }
            }
        }
        for (Facet f : Scope.facets(journal, facet)) {
            for (Day d : journal.facetStore(f.name()).eventDays()) {
                if (YearMonth.from(d.date()).equals(month)) {
                    int n = journal.facetStore(f.name()).events(d).size();
                    if (n > 0) {
                        out.merge(d.key(), n, Integer::sum);
                    }
                }
            }
        }
        return out;
    }
}
