package dev.engram.journal;

import java.util.List;
import java.util.Set;
import tools.jackson.databind.node.ObjectNode;

/** The owner, from {@code config/journal.json} {@code identity}. Missing keys read as empty values. */
public record Identity(String name, String preferred, String bio, Pronouns pronouns, List<String> aliases,
                       List<String> emailAddresses, String timezone, Extra extra) {
    private static final Set<String> KNOWN =
            Set.of("name", "preferred", "bio", "pronouns", "aliases", "email_addresses", "timezone");
    private static final Set<String> KNOWN_WITHOUT_PRONOUNS =
            Set.of("name", "preferred", "bio", "aliases", "email_addresses", "timezone");

    /** The four pronoun forms; other keys of the {@code pronouns} object are kept in {@link #extra()}. */
    public record Pronouns(String subject, String object, String possessive, String reflexive, Extra extra) {
        public static final Pronouns NONE = new Pronouns("", "", "", "");
        private static final Set<String> KNOWN = Set.of("subject", "object", "possessive", "reflexive");

        public Pronouns {
            subject = subject == null ? "" : subject;
            object = object == null ? "" : object;
            possessive = possessive == null ? "" : possessive;
            reflexive = reflexive == null ? "" : reflexive;
            extra = extra == null ? Extra.empty() : extra;
        }

        public Pronouns(String subject, String object, String possessive, String reflexive) {
            this(subject, object, possessive, reflexive, Extra.empty());
        }

        /** The same extra keys with new forms (an edit keeps what it does not know). */
        public Pronouns with(String newSubject, String newObject, String newPossessive, String newReflexive) {
            return new Pronouns(newSubject, newObject, newPossessive, newReflexive, extra);
        }

        static Pronouns decode(ObjectNode p) {
            return new Pronouns(Json.string(p, "subject", ""), Json.string(p, "object", ""),
                    Json.string(p, "possessive", ""), Json.string(p, "reflexive", ""), Extra.from(p, KNOWN));
        }

        ObjectNode encode() {
            ObjectNode p = Json.object();
            p.put("subject", subject);
            p.put("object", object);
            p.put("possessive", possessive);
            p.put("reflexive", reflexive);
            extra.writeTo(p);
            return p;
        }
    }

    public Identity {
        name = name == null ? "" : name;
        preferred = preferred == null ? "" : preferred;
        bio = bio == null ? "" : bio;
        pronouns = pronouns == null ? Pronouns.NONE : pronouns;
        aliases = aliases == null ? List.of() : List.copyOf(aliases);
        emailAddresses = emailAddresses == null ? List.of() : List.copyOf(emailAddresses);
        timezone = timezone == null ? "" : timezone;
        extra = extra == null ? Extra.empty() : extra;
    }

    public static Identity named(String name) {
        return new Identity(name, "", "", Pronouns.NONE, List.of(), List.of(), "", Extra.empty());
    }

    static Identity decode(ObjectNode o) {
        // A pronouns value that is not an object (an older "she/her" string) stays in extra, untouched.
        boolean structured = !o.has("pronouns") || o.get("pronouns") instanceof ObjectNode;
        Extra extra = Extra.from(o, structured ? KNOWN : KNOWN_WITHOUT_PRONOUNS);
        return new Identity(Json.string(o, "name", ""), Json.string(o, "preferred", ""), Json.string(o, "bio", ""),
                Pronouns.decode(Json.objectOrEmpty(o, "pronouns")), Json.strings(o, "aliases"),
                Json.strings(o, "email_addresses"), Json.string(o, "timezone", ""), extra);
    }

    ObjectNode encode() {
        ObjectNode o = Json.object();
        o.put("name", name);
        o.put("preferred", preferred);
        o.put("bio", bio);
        if (!pronouns.equals(Pronouns.NONE) || extra.get("pronouns").isEmpty()) {
            o.set("pronouns", pronouns.encode()); // an edit replaces an unstructured legacy value
        }
        o.set("aliases", Json.stringArray(aliases));
        o.set("email_addresses", Json.stringArray(emailAddresses));
        o.put("timezone", timezone);
        extra.writeTo(o);
        return o;
    }
}
