package dev.engram.convey;

import dev.engram.journal.ConveyPrefs;
import dev.engram.journal.Day;
import dev.engram.journal.Facet;
import dev.engram.journal.Journal;
import io.javalin.http.Context;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Renders {@code GET /app/<name>/[<YYYYMMDD>]}: the shell with the app's workspace inside; and answers
 * {@code GET /api/facets}, the facet list the shell's script re-renders the pills from when facets change.
 */
final class Shell {
    static final String FACET_COOKIE = "selectedFacet";
    private static final DateTimeFormatter LABEL = DateTimeFormatter.ofPattern("EEE d MMM yyyy", Locale.ENGLISH);
    private final Journal journal;
    private final List<ConveyApp> apps;
    private final Templates templates;

    Shell(Journal journal, List<ConveyApp> apps, Templates templates) {
        this.journal = journal;
        this.apps = apps;
        this.templates = templates;
    }

    void render(Context ctx, ConveyApp app, Optional<String> dayKey) {
        AppInfo info = app.info();
        Optional<Day> day = Optional.empty();
        if (info.dateNav()) {
            if (dayKey.isPresent()) {
                day = Optional.of(Day.tryParse(dayKey.get()).orElseThrow(() -> ApiError.badRequest("invalid_day",
                        "invalid day '" + dayKey.get() + "': expected a real date as YYYYMMDD")));
            } else {
                day = Optional.of(new Day(LocalDate.now()));
            }
        }
        ConveyPrefs prefs = journal.conveyPrefs();
        List<Facet> facets = journal.facets();
        Optional<String> selected = selectedFacet(ctx, prefs, facets);
        Page page = new Page(app.name(), info, day, selected, Guard.csrf(ctx), journal.config().identity().name());
        String workspace = templates.render(app.workspaceTemplate(), Map.of("page", page));
        ShellView view = new ShellView(page, Menu.order(apps, prefs, app.name()),
                info.facets() != AppInfo.FacetBar.HIDDEN, pills(facets, prefs, info, selected),
                day.map(d -> dateNav(d, info)).orElse(ShellView.DateNav.NONE), backgroundScripts(), workspace);
        templates.html(ctx, 200, "shell.jte", Map.of("view", view));
    }

    /**
     * {@code GET /api/facets}: {@code {selected, facets[{name, title, emoji, color, muted}]}}, every facet (muted ones
     * flagged: the page decides whether it shows them) in the pills' order; {@code selected} is empty for all.
     */
    void facets(Context ctx) {
        ConveyPrefs prefs = journal.conveyPrefs();
        List<Facet> facets = journal.facets();
        Optional<String> selected = selectedFacet(ctx, prefs, facets);
        List<Map<String, Object>> list = ordered(facets, prefs).stream().map(f -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", f.name());
            m.put("title", f.title());
            m.put("emoji", f.emoji());
            m.put("color", f.color());
            m.put("muted", f.muted());
            return m;
        }).toList();
        JsonIo.send(ctx, Map.of("selected", selected.orElse(""), "facets", list));
    }

    /** The {@code selectedFacet} cookie wins (and is synced into convey.json); then convey.json; unknown → all. */
    private Optional<String> selectedFacet(Context ctx, ConveyPrefs prefs, List<Facet> facets) {
        String cookie = ctx.cookie(FACET_COOKIE);
        if (cookie != null) {
            boolean all = cookie.isEmpty() || cookie.equals("all");
            Optional<String> known = facets.stream().map(Facet::name).filter(cookie::equals).findFirst();
            if (all || known.isPresent()) {
                Optional<String> chosen = all ? Optional.empty() : known;
                if (!chosen.equals(prefs.selectedFacet())) {
                    journal.updateConveyPrefs(p -> p.withSelectedFacet(chosen));
                }
                return chosen;
            }
        }
        return prefs.selectedFacet().filter(s -> facets.stream().anyMatch(f -> f.name().equals(s)));
    }

    private static List<ShellView.FacetPill> pills(List<Facet> facets, ConveyPrefs prefs, AppInfo info,
                                                   Optional<String> selected) {
        List<ShellView.FacetPill> pills = new ArrayList<>();
        pills.add(new ShellView.FacetPill("", "All", "", "", false, selected.isEmpty()));
        ordered(facets, prefs).stream()
                .filter(f -> !f.muted() || info.facets() == AppInfo.FacetBar.SHOWN_WITH_MUTED)
                .forEach(f -> pills.add(new ShellView.FacetPill(f.name(), f.title(), f.emoji(), f.color(), f.muted(),
                        selected.filter(f.name()::equals).isPresent())));
        return pills;
    }

    /** Facets in {@code facets.order}, the rest alphabetically by name. */
    private static List<Facet> ordered(List<Facet> facets, ConveyPrefs prefs) {
        return facets.stream()
                .sorted(Comparator.comparingInt((Facet f) -> rank(prefs.facetOrder(), f.name())).thenComparing(Facet::name))
                .toList();
    }

    static int rank(List<String> order, String name) {
        int i = order.indexOf(name);
        return i < 0 ? Integer.MAX_VALUE : i;
    }

    private static ShellView.DateNav dateNav(Day day, AppInfo info) {
        LocalDate d = day.date();
        LocalDate today = LocalDate.now();
        LocalDate next = d.plusDays(1);
        boolean nextAllowed = info.allowFutureDates() || !next.isAfter(today);
        return new ShellView.DateNav(true, day.key(), d.format(LABEL), new Day(d.minusDays(1)).key(),
                nextAllowed ? new Day(next).key() : "", new Day(today).key(), info.allowFutureDates());
    }

    private List<String> backgroundScripts() {
        return apps.stream().flatMap(a -> a.backgroundScript().stream()).toList();
    }
}
