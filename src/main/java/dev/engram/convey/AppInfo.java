package dev.engram.convey;

/**
 * How an app appears in the shell: menu icon and label, the facet bar, and date navigation.
 *
 * @param facets           whether the facet bar is shown, hidden, or shown including muted facets; an app whose page
 *                         filters nothing by facet hides it (the reference's {@code app.json} {@code facets} config)
 * @param dateNav          whether the app navigates by day ({@code /app/<name>/<YYYYMMDD>}, ← → keys, month view)
 * @param allowFutureDates whether the date navigator may go past today
 */
public record AppInfo(String icon, String label, FacetBar facets, boolean dateNav, boolean allowFutureDates) {
    public enum FacetBar { SHOWN, HIDDEN, SHOWN_WITH_MUTED }

    public AppInfo {
        if (icon == null || icon.isBlank()) {
            icon = "📦";
        }
        if (label == null || label.isBlank()) {
            throw new IllegalArgumentException("an app needs a label");
        }
        facets = facets == null ? FacetBar.SHOWN : facets;
    }

    public static AppInfo of(String icon, String label) {
        return new AppInfo(icon, label, FacetBar.SHOWN, false, false);
    }

    public AppInfo withDateNav(boolean allowFuture) {
        return new AppInfo(icon, label, facets, true, allowFuture);
    }

    public AppInfo withFacets(FacetBar bar) {
        return new AppInfo(icon, label, bar, dateNav, allowFutureDates);
    }
}
