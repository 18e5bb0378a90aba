package dev.engram.journal;

import java.util.List;
import java.util.Set;
import tools.jackson.databind.node.ObjectNode;

/** The owner, from {@code config/journal.json} {@code identity}. Missing keys read as empty values. */
public record Identity(String name, String preferred, String bio, Pronouns pronouns, List<String> aliases,
                       List<String> emailAddresses, String timezone, Extra extra) {
    private static final Set<String> KNOWN =
            Set.of("name", "preferred", "bio", "pronouns", "aliases", "email_addresses", "timezone");

    public record Pronouns(String subject, String object, String possessive, String reflexive) {
        public static final Pronouns NONE = new Pronouns("", "", "", "");

        public Pronouns {
            subject = subject == null ? "" : subject;
            object = object == null ? "" : object;
            possessive = possessive == null ? "" : possessive;
            reflexive = reflexive == null ? "" : reflexive;
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
        ObjectNode p = Json.objectOrEmpty(o, "pronouns");
        return new Identity(Json.string(o, "name", ""), Json.string(o, "preferred", ""), Json.string(o, "bio", ""),
                new Pronouns(Json.string(p, "subject", ""), Json.string(p, "object", ""),
                        Json.string(p, "possessive", ""), Json.string(p, "reflexive", "")),
                Json.strings(o, "aliases"), Json.strings(o, "email_addresses"), Json.string(o, "timezone", ""),
                Extra.from(o, KNOWN));
    }

    ObjectNode encode() {
        ObjectNode o = Json.object();
        o.put("name", name);
        o.put("preferred", preferred);
        o.put("bio", bio);
        ObjectNode p = o.putObject("pronouns");
        p.put("subject", pronouns.subject());
        p.put("object", pronouns.object());
        p.put("possessive", pronouns.possessive());
        p.put("reflexive", pronouns.reflexive());
        o.set("aliases", Json.stringArray(aliases));
        o.set("email_addresses", Json.stringArray(emailAddresses));
        o.put("timezone", timezone);
        extra.writeTo(o);
        return o;
    }
}
