package dev.engram.demo;

import dev.engram.journal.Facet;
import java.util.List;

/**
 * One facet of the demo owner's life: its {@code facet.json} fields, its attached entities, and the material its
 * days are made of (topics, meeting titles, todo texts, news lines).
 */
record FacetTheme(String name, String title, String description, String color, String emoji, boolean work,
                  List<EntitySeed> entities, List<String> topics, List<String> meetingTitles, List<String> todos,
                  List<String> news) {

    Facet facet() {
        return new Facet(name, title, description, color, emoji, false, null);
    }

    List<EntitySeed> people() {
        return entities.stream().filter(EntitySeed::isPerson).toList();
    }

    List<EntitySeed> ofType(String type) {
        return entities.stream().filter(e -> e.type().equals(type)).toList();
    }

    /** A name of the given type, or the facet title when the facet has none. */
    String any(Dice dice, String type) {
        List<EntitySeed> list = ofType(type);
        return list.isEmpty() ? title : dice.pick(list).name();
    }
}
