package dev.engram.journal;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The one implementation of changes to a facet's attached entities ({@code facets/<f>/entities.jsonl}), used by the
 * agents' entity tools, the Entities app and {@link EntityPromotion}. Each change is one locked, atomic rewrite
 * ({@link FacetStore#updateEntities}); names compare ignoring case. A detached entity stays in the file (soft delete),
 * so what the owner detached is remembered: promotion never brings it back.
 */
public final class EntityEdits {
    /** What a change did. */
    public enum Outcome {
        ATTACHED, REATTACHED, ALREADY_ATTACHED, DETACHED, ALREADY_DETACHED, UPDATED, UNCHANGED;

        public boolean changed() {
            return this == ATTACHED || this == REATTACHED || this == DETACHED || this == UPDATED;
        }
    }

    /** The outcome and the entity as it is now in the file. */
    public record Result(Outcome outcome, Entity entity) {
    }

    private EntityEdits() {
    }

    /** The entity (attached or detached) whose name is {@code name}, ignoring case. */
    public static Optional<Entity> find(List<Entity> entities, String name) {
        return entities.stream().filter(e -> e.name().equalsIgnoreCase(name)).findFirst();
    }

    /**
     * Attaches {@code entity} (its type, name, description, akas and custom fields): a new line when the facet has
     * none of that name, the detached one re-attached as it was (description kept), or nothing when it is attached.
     */
    public static Result attach(FacetStore fs, Entity entity, long now) {
        Outcome[] outcome = new Outcome[1];
        List<Entity> after = fs.updateEntities(list -> {
            List<Entity> next = new ArrayList<>(list);
            int i = indexOf(next, entity.name());
            if (i >= 0 && !next.get(i).detached()) {
                outcome[0] = Outcome.ALREADY_ATTACHED;
                return list;
            }
            if (i >= 0) {
                next.set(i, next.get(i).attachedNow(now));
                outcome[0] = Outcome.REATTACHED;
            } else {
                next.add(new Entity(entity.type(), entity.name(), entity.description(), entity.aka(), false,
                        java.util.OptionalLong.of(now), java.util.OptionalLong.of(now), entity.extra()));
                outcome[0] = Outcome.ATTACHED;
            }
            return next;
        });
        return new Result(outcome[0], find(after, entity.name()).orElseThrow());
    }

    /**
     * Detaches the entity named {@code name} (soft delete). When the facet has no entity of that name, {@code ifAbsent}
     * (e.g. a detected entity the owner dismissed) is recorded as detached, so it is never promoted; without it,
     * {@link NoSuchEntityException}.
     */
    public static Result detach(FacetStore fs, String name, Optional<Entity> ifAbsent, long now) {
        Outcome[] outcome = new Outcome[1];
        List<Entity> after = fs.updateEntities(list -> {
            List<Entity> next = new ArrayList<>(list);
            int i = indexOf(next, name);
            if (i >= 0 && next.get(i).detached()) {
                outcome[0] = Outcome.ALREADY_DETACHED;
                return list;
            }
            if (i >= 0) {
                next.set(i, next.get(i).withDetached(true, now));
            } else {
                Entity e = ifAbsent.orElseThrow(() -> new NoSuchEntityException(fs.name(), name));
                next.add(new Entity(e.type(), e.name(), e.description(), e.aka(), true, java.util.OptionalLong.empty(),
                        java.util.OptionalLong.of(now), e.extra()));
            }
            outcome[0] = Outcome.DETACHED;
            return next;
        });
        return new Result(outcome[0], find(after, name).orElseThrow());
    }

    /**
     * Changes the attached (not detached) entity named {@code name} with {@code change}, which may throw to refuse
     * (nothing is written then); {@link NoSuchEntityException} when there is none. UNCHANGED when the change returns
     * an equal entity (nothing is written).
     */
    public static Result change(FacetStore fs, String name, UnaryOperator<Entity> change) {
        Outcome[] outcome = new Outcome[1];
        List<Entity> after = fs.updateEntities(list -> {
            List<Entity> next = new ArrayList<>(list);
            int i = indexOf(next, name);
            if (i < 0 || next.get(i).detached()) {
                throw new NoSuchEntityException(fs.name(), name);
            }
            Entity before = next.get(i);
            Entity changed = change.apply(before);
            if (sameContent(before, changed)) {
                outcome[0] = Outcome.UNCHANGED;
                return list;
            }
            next.set(i, changed);
            outcome[0] = Outcome.UPDATED;
            return next;
        });
        return new Result(outcome[0], find(after, name).orElseThrow());
    }

    /** Adds {@code aka} to the attached entity; UNCHANGED when it is already known by that name. */
    public static Result addAka(FacetStore fs, String name, String aka, long now) {
        return change(fs, name, e -> {
            if (e.knownAs(aka)) {
                return e;
            }
            List<String> akas = new ArrayList<>(e.aka());
            akas.add(aka);
            return e.withAka(akas, now);
        });
    }

    /** Removes {@code aka} (ignoring case) from the attached entity; UNCHANGED when it has no such aka. */
    public static Result removeAka(FacetStore fs, String name, String aka, long now) {
        return change(fs, name, e -> {
            List<String> akas = e.aka().stream().filter(a -> !a.equalsIgnoreCase(aka)).toList();
            return akas.size() == e.aka().size() ? e : e.withAka(akas, now);
        });
    }

    private static boolean sameContent(Entity a, Entity b) {
        return a.type().equals(b.type()) && a.name().equals(b.name()) && a.description().equals(b.description())
                && a.aka().equals(b.aka()) && a.detached() == b.detached() && a.extra().equals(b.extra());
    }

    private static int indexOf(List<Entity> list, String name) {
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i).name().equalsIgnoreCase(name)) {
                return i;
            }
        }
        return -1;
    }
}
