package dev.engram.journal;

import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import tools.jackson.databind.node.ObjectNode;

/**
 * A person, company, project or tool known in a facet. Attached entities live in {@code facets/<f>/entities.jsonl}
 * (a {@code detached} one is soft-deleted); detected ones in {@code facets/<f>/entities/YYYYMMDD.jsonl}.
 * Custom fields (tags, contact, role...) are kept in {@link #extra()}.
 */
public record Entity(String type, String name, String description, List<String> aka, boolean detached,
                     OptionalLong attachedAt, OptionalLong updatedAt, Extra extra) {
    public static final JournalFormat FORMAT = new JournalFormat("entity", 1,
            "one JSON object per line: type, name, description, aka[], detached, attached_at/updated_at (ms), custom fields",
            false);
    private static final Set<String> KNOWN =
            Set.of("type", "name", "description", "aka", "detached", "attached_at", "updated_at");

    /** The reference's rule for an entity type: 3 to 64 letters, digits or spaces (e.g. Person, Company). */
    public static final java.util.regex.Pattern TYPE_RULE = java.util.regex.Pattern.compile("[A-Za-z0-9 ]{3,64}");

    public Entity {
        if (type == null || type.isBlank()) {
            throw new JournalException("entity has no 'type'");
        }
        if (name == null || name.isBlank()) {
            throw new JournalException("entity has no 'name'");
        }
        description = description == null ? "" : description;
        aka = aka == null ? List.of() : List.copyOf(aka);
        attachedAt = attachedAt == null ? OptionalLong.empty() : attachedAt;
        updatedAt = updatedAt == null ? OptionalLong.empty() : updatedAt;
        extra = extra == null ? Extra.empty() : extra;
    }

    public static Entity of(String type, String name, String description) {
        return new Entity(type, name, description, List.of(), false, OptionalLong.empty(), OptionalLong.empty(),
                Extra.empty());
    }

    public Entity withDescription(String newDescription, long nowMillis) {
        return new Entity(type, name, newDescription, aka, detached, attachedAt, OptionalLong.of(nowMillis), extra);
    }

    public Entity withDetached(boolean newDetached, long nowMillis) {
        return new Entity(type, name, description, aka, newDetached, attachedAt, OptionalLong.of(nowMillis), extra);
    }

    public Entity withAka(List<String> newAka, long nowMillis) {
        return new Entity(type, name, description, newAka, detached, attachedAt, OptionalLong.of(nowMillis), extra);
    }

    public Entity withType(String newType, long nowMillis) {
        return new Entity(newType, name, description, aka, detached, attachedAt, OptionalLong.of(nowMillis), extra);
    }

    /** Attached now: not detached, {@code attached_at} kept when it has one, else now. */
    public Entity attachedNow(long nowMillis) {
        return new Entity(type, name, description, aka, false,
                attachedAt.isPresent() ? attachedAt : OptionalLong.of(nowMillis), OptionalLong.of(nowMillis), extra);
    }

    /** Whether this entity is called {@code other} (its name or one of its akas), ignoring case. */
    public boolean knownAs(String other) {
        return name.equalsIgnoreCase(other) || aka.stream().anyMatch(a -> a.equalsIgnoreCase(other));
    }

    public Entity withExtra(Extra newExtra) {
        return new Entity(type, name, description, aka, detached, attachedAt, updatedAt, newExtra);
    }

    static final RecordCodec<Entity> CODEC = new RecordCodec<>() {
        @Override
        public JournalFormat format() {
            return FORMAT;
        }

        @Override
        public Entity decode(ObjectNode o) {
            return new Entity(Json.string(o, "type", ""), Json.string(o, "name", ""),
                    Json.string(o, "description", ""), Json.strings(o, "aka"), Json.bool(o, "detached"),
                    Json.longValue(o, "attached_at"), Json.longValue(o, "updated_at"), Extra.from(o, KNOWN));
        }

        @Override
        public ObjectNode encode(Entity e) {
            ObjectNode o = Json.object();
            o.put("type", e.type());
            o.put("name", e.name());
            o.put("description", e.description());
            if (!e.aka().isEmpty()) {
                o.set("aka", Json.stringArray(e.aka()));
            }
            if (e.detached()) {
                o.put("detached", true);
            }
            Json.putIfPresent(o, "attached_at", e.attachedAt());
            Json.putIfPresent(o, "updated_at", e.updatedAt());
            e.extra().writeTo(o);
            return o;
        }
    };
}
