package dev.engram.apps.tokens;

import dev.engram.apps.stats.Range;
import dev.engram.convey.AppInfo;
import dev.engram.convey.AppRoutes;
import dev.engram.convey.ConveyApp;
import dev.engram.convey.JsonIo;
import dev.engram.journal.Day;
import dev.engram.journal.Journal;
import java.time.LocalDate;
import java.util.List;

/**
 * The Tokens app (💰): {@code GET /app/tokens/api/usage?from=YYYYMMDD&to=YYYYMMDD} (default: the 30 days up to the
 * latest day with token usage), usage and estimated cost by day, model, provider and purpose.
 */
public final class TokensApp implements ConveyApp {
    @Override
    public String name() {
        return "tokens";
    }

    @Override
    public AppInfo info() {
        return AppInfo.of("💰", "Tokens").withFacets(AppInfo.FacetBar.HIDDEN);
    }

    @Override
    public void routes(AppRoutes routes) {
        Journal journal = routes.context().journal();
        routes.get("/api/usage", ctx -> {
            Range range = Range.of(ctx, () -> {
                List<Day> days = journal.tokens().days();
                return days.isEmpty() ? new Day(LocalDate.now()) : days.get(days.size() - 1);
            });
            JsonIo.send(ctx, new Usage(journal).over(range));
        });
    }
}
