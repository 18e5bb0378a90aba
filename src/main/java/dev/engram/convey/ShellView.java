package dev.engram.convey;

import java.util.List;
import java.util.Locale;

/**
 * What {@code shell.jte} draws around a workspace. Public only because precompiled templates live in another
 * package; not part of the app contract.
 *
 * @param workspace the rendered workspace HTML, included unescaped
 */
public record ShellView(Page page, List<MenuItem> menu, boolean showFacets, List<FacetPill> facets,
                        DateNav dateNav, List<String> backgroundScripts, String workspace) {
    /** The app's facet bar for the page's script: {@code shown}, {@code hidden} or {@code shown_with_muted}. */
    public String facetBar() {
        return page.info().facets().name().toLowerCase(Locale.ROOT);
    }

    /** One app in the menu bar. */
    public record MenuItem(String name, String icon, String label, boolean starred, boolean active) {
        public String href() {
            return "/app/" + name + "/";
        }
    }

    /** One facet pill; {@code name} empty means "all". */
    public record FacetPill(String name, String title, String emoji, String color, boolean muted, boolean selected) {
    }

    /** The date navigator; {@code enabled} false for apps without it. Days as {@code YYYYMMDD}, empty when absent. */
    public record DateNav(boolean enabled, String day, String label, String prev, String next, String today,
                         boolean allowFuture) {
        static final DateNav NONE = new DateNav(false, "", "", "", "", "", false);
    }
}
