package dev.engram.demo;

import static dev.engram.demo.EntitySeed.person;
import static dev.engram.demo.EntitySeed.thing;

import java.util.List;

/** The {@code health} facet: knee rehab, running and sleep. */
final class HealthTheme {
    static final FacetTheme THEME = new FacetTheme("health", "Health", "Knee rehab, running and sleep",
            "#ef4444", "\uD83E\uDEC0", false,
            List.of(
                    person("Helena Sato", "Physiotherapist treating Maren's left knee", List.of("Dr. Sato", "Helena"),
                            "physiotherapist", "h.sato@riverside-physio.example"),
                    thing("Company", "Riverside Physio", "Physiotherapy clinic near the river", List.of("the clinic"),
                            "clinic"),
                    thing("Project", "Spring half marathon", "Training plan for the half marathon in April",
                            List.of("the half"), "running")),
            List.of("the knee rehab exercises", "the long run on Sunday", "sleep before on-call weeks",
                    "meal prep for the week", "the physio appointment"),
            List.of("Physio session with Dr. Sato"),
            List.of("Do the knee exercises (3 sets)", "Book the next physio appointment", "Easy 5 km run",
                    "Stretch before bed", "Buy new running shoes"),
            List.of("Dr. Sato cleared the knee for runs up to 10 km.",
                    "Longest run since the injury: 14 km at an easy pace."));

    private HealthTheme() {
    }
}
