package dev.engram.convey;

import dev.engram.journal.ConveyPrefs;
import java.util.Comparator;
import java.util.List;

/** Menu order: starred apps first, each group by {@code apps.order}, then alphabetically by name. */
final class Menu {
    private Menu() {
    }

    static List<ShellView.MenuItem> order(List<ConveyApp> apps, ConveyPrefs prefs, String active) {
        List<String> starred = prefs.starredApps();
        return apps.stream().filter(ConveyApp::inMenu)
                .sorted(Comparator.comparingInt((ConveyApp a) -> starred.contains(a.name()) ? 0 : 1)
                        .thenComparingInt(a -> Shell.rank(prefs.appOrder(), a.name()))
                        .thenComparing(ConveyApp::name))
                .map(a -> new ShellView.MenuItem(a.name(), a.info().icon(), a.info().label(),
                        starred.contains(a.name()), a.name().equals(active)))
                .toList();
    }
}
