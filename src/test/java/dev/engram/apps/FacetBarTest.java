package dev.engram.apps;

import static org.assertj.core.api.Assertions.assertThat;

import dev.engram.apps.home.HomeApp;
import dev.engram.apps.live.LiveApp;
import dev.engram.apps.settings.SettingsApp;
import dev.engram.apps.transcripts.TranscriptsApp;
import dev.engram.convey.AppInfo.FacetBar;
import org.junit.jupiter.api.Test;

/** The facet bar is shown only where it filters something: home; transcripts, settings and live hide it. */
class FacetBarTest {
    @Test
    void onlyAppsThatFilterByFacetShowTheFacetBar() {
        assertThat(new HomeApp().info().facets()).isEqualTo(FacetBar.SHOWN);
        assertThat(new TranscriptsApp().info().facets()).as("segments belong to no facet").isEqualTo(FacetBar.HIDDEN);
        assertThat(new SettingsApp().info().facets()).as("settings edits every facet itself").isEqualTo(FacetBar.HIDDEN);
        assertThat(new LiveApp().info().facets()).isEqualTo(FacetBar.HIDDEN);
    }
}
