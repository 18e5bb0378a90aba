package dev.engram.apps.health;

import dev.engram.convey.AppInfo;
import dev.engram.convey.ConveyApp;

/** The Health app: a status panel listing services with state, detail and restarts (from {@code /health}). */
public final class HealthApp implements ConveyApp {
    @Override
    public String name() {
        return "health";
    }

    @Override
    public AppInfo info() {
        return AppInfo.of("🩺", "Health").withFacets(AppInfo.FacetBar.HIDDEN);
    }
}
