package dev.engram.demo;

import java.util.List;

/** The cast and subject of one segment, and how templates are filled from them. */
record Scene(FacetTheme facet, Activity activity, String topic, List<EntitySeed> people, String project,
             String tool, String company) {

    static Scene draw(FacetTheme facet, Activity activity, Dice dice) {
        List<EntitySeed> people = dice.sample(facet.people(), activity.conversation ? dice.between(1, 3) : 1);
        return new Scene(facet, activity, dice.pick(facet.topics()), people, facet.any(dice, "Project"),
                facet.any(dice, "Tool"), facet.any(dice, "Company"));
    }

    /** Fills {topic}, {person}, {person2}, {project}, {tool}, {company}, {n}, {pct} and {owner}. */
    String fill(String template, Dice dice) {
        String p1 = people.isEmpty() ? "everyone" : people.get(0).spoken();
        String p2 = people.size() < 2 ? p1 : people.get(1).spoken();
        return template.replace("{topic}", topic).replace("{person}", p1).replace("{person2}", p2)
                .replace("{project}", project).replace("{tool}", tool).replace("{company}", company)
                .replace("{owner}", "Maren").replace("{n}", Integer.toString(dice.between(2, 40)))
                .replace("{pct}", Integer.toString(dice.between(5, 95)));
    }

    List<String> participantNames() {
        return people.stream().map(EntitySeed::name).toList();
    }
}
