package dev.engram.apps.live;

import dev.engram.convey.AppInfo;
import dev.engram.convey.ConveyApp;

/** The Live Events app: a page that shows every bus event as it arrives, with a tract filter and a pause button. */
public final class LiveApp implements ConveyApp {
    /** How many events the page keeps. */
    static final int MAX_EVENTS = 500;

    @Override
    public String name() {
        return "live";
    }

    @Override
    public AppInfo info() {
        return AppInfo.of("⚡", "Live Events").withFacets(AppInfo.FacetBar.HIDDEN);
    }
}
