package dev.engram.demo;

import static dev.engram.demo.EntitySeed.person;
import static dev.engram.demo.EntitySeed.thing;

import java.util.List;

/** The {@code work} facet: the payments platform team at the fictional Halyard Systems. */
final class WorkTheme {
    static final FacetTheme THEME = new FacetTheme("work", "Work", "Payments platform team at Halyard Systems",
            "#3b82f6", "\uD83D\uDCBC", true,
            List.of(
                    person("Priya Raman", "Engineering manager of the payments platform team; runs the Monday planning",
                            List.of("Priya"), "engineering manager", "priya.raman@halyard.example"),
                    person("Tomasz Wierzbicki", "Site reliability engineer, owns the on-call rota and the Kafka clusters",
                            List.of("Tomek", "Tomasz"), "SRE", "tomasz.w@halyard.example"),
                    person("Adaeze Nwosu", "Product designer for the merchant dashboard",
                            List.of("Ada"), "product designer", "adaeze.nwosu@halyard.example"),
                    person("Jonas Berg", "Backend engineer, pairs with Maren on the ledger migration",
                            List.of("Jonas"), "backend engineer", "jonas.berg@halyard.example"),
                    person("Lucía Ferreira", "Account lead for Quillmark Insurance",
                            List.of("Lucía", "Lucia"), "account lead", "lucia.ferreira@halyard.example"),
                    thing("Company", "Halyard Systems", "Maren's employer; payment infrastructure for insurers",
                            List.of("Halyard"), "employer"),
                    thing("Company", "Quillmark Insurance", "Largest client of the payments platform",
                            List.of("Quillmark"), "client"),
                    thing("Project", "Ledger Migration", "Moving the double-entry ledger to the new event-sourced store",
                            List.of("ledger v2", "the migration"), "q3"),
                    thing("Project", "Reliability Push", "Quarter-long effort to cut paging alerts in half",
                            List.of("the push"), "q3"),
                    thing("Tool", "Kafka", "Event backbone of the platform", List.of(), "infra"),
                    thing("Tool", "Grafana", "Dashboards and alerting", List.of("the dashboards"), "infra"),
                    thing("Tool", "IntelliJ IDEA", "Maren's editor at work", List.of("IntelliJ"), "editor")),
            List.of("the ledger cutover plan", "consumer lag on the settlements topic", "the on-call handoff",
                    "the quarterly roadmap", "the Quillmark contract renewal", "schema versioning for events",
                    "flaky integration tests", "the cost of the staging cluster", "idempotency keys for refunds",
                    "the incident review from last week", "rate limits for the merchant API",
                    "the reconciliation job that runs at two"),
            List.of("Payments standup", "Ledger migration sync", "Incident review", "Roadmap planning",
                    "Quillmark check-in", "1:1 with Priya", "Design review: refunds flow", "On-call handoff"),
            List.of("Review Jonas's pull request on ledger snapshots", "Write the cutover runbook",
                    "Reply to Lucía about the renewal timeline", "Update the consumer lag alert threshold",
                    "Book the incident review room", "Draft the Q3 reliability summary",
                    "Pair with Tomek on the broker upgrade", "Fix the flaky settlement test",
                    "Prepare slides for roadmap planning", "Archive the old staging dashboards"),
            List.of("The ledger migration passed its first dry run against a copy of production.",
                    "Consumer lag on the settlements topic is back under the alert threshold.",
                    "Quillmark asked for a two-week extension on the renewal decision.",
                    "The team agreed to freeze schema changes until the cutover is done.",
                    "Paging alerts are down by a third since the start of the quarter.",
                    "Adaeze shared new mockups for the refunds flow."));

    private WorkTheme() {
    }
}
