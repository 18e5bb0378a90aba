package dev.engram.demo;

import static dev.engram.demo.EntitySeed.person;
import static dev.engram.demo.EntitySeed.thing;

import java.util.List;

/** The {@code lumen} facet: Maren's open-source star-chart app, worked on in the evenings. */
final class LumenTheme {
    static final FacetTheme THEME = new FacetTheme("lumen", "Lumen", "Open-source star-chart app (side project)",
            "#f59e0b", "\uD83D\uDD2D", false,
            List.of(
                    person("Kenji Mori", "Long-time Lumen contributor; maintains the Android build", List.of("Kenji"),
                            "contributor", "kenji@lumen-sky.example"),
                    person("Beatriz Lopes", "Translator and tester for the Portuguese locale", List.of("Bia"),
                            "translator", "bia@lumen-sky.example"),
                    thing("Project", "Lumen", "A star chart that works offline on old phones", List.of("lumen-sky"),
                            "oss"),
                    thing("Tool", "Neovim", "Editor for evening hacking", List.of("nvim"), "editor"),
                    thing("Tool", "tmux", "Terminal multiplexer, one session per project", List.of(), "terminal"),
                    thing("Tool", "Gradle", "Build tool of the Lumen repository", List.of(), "build")),
            List.of("the star catalogue import", "the offline tile cache", "the 0.9 release checklist",
                    "rendering speed on old phones", "the Portuguese translation", "constellation line data",
                    "the night-mode colour palette"),
            List.of("Lumen contributors call", "Release planning with Kenji"),
            List.of("Tag the 0.9 release candidate", "Profile the renderer on the old test phone",
                    "Answer the issue about missing southern constellations", "Merge Bia's translation pull request",
                    "Shrink the star catalogue download", "Write release notes for 0.9"),
            List.of("Lumen 0.9 release candidate is tagged and on the beta channel.",
                    "The star catalogue shrank from 38 MB to 11 MB after the import rewrite.",
                    "Kenji fixed the Android crash on rotation.",
                    "The Portuguese translation is complete."));

    private LumenTheme() {
    }
}
