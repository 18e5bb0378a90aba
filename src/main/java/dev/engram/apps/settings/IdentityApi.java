package dev.engram.apps.settings;

import dev.engram.convey.ApiError;
import dev.engram.journal.Identity;
import dev.engram.journal.Journal;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads and edits the owner's identity. A PUT body holds any subset of the fields; the saved change is logged as
 * {@code identity_update} with the changed fields and their new values as params.
 */
final class IdentityApi {
    private static final Set<String> FIELDS = Set.of("name", "preferred", "bio", "pronouns", "aliases",
            "email_addresses", "timezone");
    private static final Set<String> PRONOUNS = Set.of("subject", "object", "possessive", "reflexive");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
    private final Journal journal;

    IdentityApi(Journal journal) {
        this.journal = journal;
    }

    Map<String, Object> get() {
        return json(journal.config().identity());
    }

    static Map<String, Object> json(Identity i) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", i.name());
        m.put("preferred", i.preferred());
        m.put("bio", i.bio());
        m.put("pronouns", Map.of("subject", i.pronouns().subject(), "object", i.pronouns().object(),
                "possessive", i.pronouns().possessive(), "reflexive", i.pronouns().reflexive()));
        m.put("aliases", i.aliases());
        m.put("email_addresses", i.emailAddresses());
        m.put("timezone", i.timezone());
        return m;
    }

    /** Validates the whole body first, then saves and logs; answers the saved identity and the changed fields. */
    Map<String, Object> put(ObjectNode body) {
        Fields.onlyKnown(body, FIELDS);
        Optional<String> name = Fields.text(body, "name", 200, false);
        Optional<String> preferred = Fields.text(body, "preferred", 200, false);
        Optional<String> bio = Fields.text(body, "bio", 4000, true);
        Optional<List<String>> aliases = Fields.strings(body, "aliases", 50, 200);
        Optional<List<String>> emails = Fields.strings(body, "email_addresses", 20, 254);
        Optional<String> timezone = Fields.text(body, "timezone", 100, false);
        ObjectNode p = Fields.object(body, "pronouns");
        Map<String, Optional<String>> pronouns = new LinkedHashMap<>();
        if (p != null) {
            Fields.onlyKnown(p, PRONOUNS);
            for (String k : List.of("subject", "object", "possessive", "reflexive")) {
                pronouns.put(k, Fields.text(p, k, 40, false));
            }
        }
        emails.ifPresent(list -> list.forEach(IdentityApi::requireEmail));
        timezone.filter(tz -> !tz.isEmpty()).ifPresent(IdentityApi::requireZone);
        if (name.isPresent() && name.get().isEmpty()) {
            throw ApiError.badRequest("invalid_name", "the name must not be empty");
        }
        Map<String, Object> changed = new LinkedHashMap<>();
        Identity saved = journal.updateConfig(c -> {
            Identity old = c.identity();
            Identity.Pronouns pr = old.pronouns();
            if (!pronouns.isEmpty()) {
                pr = pr.with(pronouns.get("subject").orElse(pr.subject()),
                        pronouns.get("object").orElse(pr.object()),
                        pronouns.get("possessive").orElse(pr.possessive()),
                        pronouns.get("reflexive").orElse(pr.reflexive()));
            }
            Identity next = new Identity(name.orElse(old.name()), preferred.orElse(old.preferred()),
                    bio.orElse(old.bio()), pr, aliases.orElse(old.aliases()), emails.orElse(old.emailAddresses()),
                    timezone.orElse(old.timezone()), old.extra());
            changed.clear();
            changed.putAll(diff(json(old), json(next)));
            return changed.isEmpty() ? c : c.withIdentity(next);
        }).identity();
        if (!changed.isEmpty()) {
            ActionLog.log(journal, "identity_update", changed);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("identity", json(saved));
        out.put("changed", List.copyOf(changed.keySet()));
        return out;
    }

    private static Map<String, Object> diff(Map<String, Object> old, Map<String, Object> next) {
        Map<String, Object> out = new LinkedHashMap<>();
        next.forEach((k, v) -> {
            if (!v.equals(old.get(k))) {
                out.put(k, v);
            }
        });
        return out;
    }

    private static void requireEmail(String email) {
        if (!EMAIL.matcher(email).matches()) {
            throw ApiError.badRequest("invalid_email", "'" + email + "' is not an email address");
        }
    }

    static void requireZone(String zone) {
        try {
            ZoneId.of(zone);
        } catch (DateTimeException e) {
            throw ApiError.badRequest("invalid_timezone", "unknown time zone '" + zone
                    + "': use a region id such as Europe/Lisbon or America/Denver");
        }
    }
}
