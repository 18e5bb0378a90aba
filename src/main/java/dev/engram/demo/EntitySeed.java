package dev.engram.demo;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A person, company, project, tool or place of the demo world, before it becomes a journal entity.
 * {@code custom} keeps insertion order, so the written files are deterministic. */
record EntitySeed(String type, String name, String description, List<String> aka, Map<String, Object> custom) {
    static EntitySeed person(String name, String description, List<String> aka, String role, String email) {
        Map<String, Object> custom = new LinkedHashMap<>();
        custom.put("role", role);
        custom.put("email", email);
        return new EntitySeed("Person", name, description, aka, custom);
    }

    static EntitySeed thing(String type, String name, String description, List<String> aka, String tag) {
        Map<String, Object> custom = new LinkedHashMap<>();
        custom.put("tags", List.of(tag));
        custom.put("since", 2017 + name.length() % 8);
        return new EntitySeed(type, name, description, aka, custom);
    }

    boolean isPerson() {
        return type.equals("Person");
    }

    /** The short name used in speech: the first aka, else the first word. */
    String spoken() {
        return aka.isEmpty() ? name.split(" ")[0] : aka.get(0);
    }
}
