package dev.engram.demo;

import dev.engram.journal.Identity;
import java.util.List;

/** The fictional owner of the demo journal and the four facets of her life. All names and text are invented. */
final class World {
    static final String OWNER = "Maren Okafor";
    static final String TIMEZONE = "Europe/Lisbon";
    static final List<FacetTheme> FACETS = List.of(WorkTheme.THEME, PersonalTheme.THEME, LumenTheme.THEME,
            HealthTheme.THEME);

    private World() {
    }

    static Identity identity() {
        return new Identity(OWNER, "Maren", "Staff engineer on the payments platform at Halyard Systems; maintains"
                + " Lumen, a small open-source star-chart app, on evenings and weekends.",
                new Identity.Pronouns("she", "her", "her", "herself"), List.of("Mar", "M. Okafor"),
                List.of("maren@okafor.example", "maren.okafor@halyard.example"), TIMEZONE, null);
    }

    static FacetTheme facet(String name) {
        return FACETS.stream().filter(f -> f.name().equals(name)).findFirst().orElseThrow();
    }
}
