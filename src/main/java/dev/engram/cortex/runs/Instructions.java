package dev.engram.cortex.runs;

import dev.engram.journal.Facet;
import dev.engram.journal.Identity;
import dev.engram.journal.Journal;
import dev.engram.journal.JournalException;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A persona's system instructions as the reference builds them: its {@code .txt} template with the owner's identity
 * substituted ({@code $name}, {@code $preferred}, {@code $bio}, {@code $timezone}, {@code $pronouns_<form>} and their
 * capitalised variants such as {@code $Pronouns_possessive}; unknown variables stay as written), then the facet
 * context (one facet in detail when the run names one, else a line per facet) and the current date and time.
 */
final class Instructions {
    private static final Pattern VAR = Pattern.compile("\\$(\\$|[A-Za-z_][A-Za-z0-9_]*|\\{[A-Za-z_][A-Za-z0-9_]*})");

    private Instructions() {
    }

    /** With the owner's identity and facets as {@code owner} holds them (read once per change, not per run). */
    static String build(Persona persona, Journal journal, OwnerContext.Snapshot owner, Optional<String> facet,
                        ZonedDateTime now) {
        StringBuilder sb = new StringBuilder(substitute(persona.template(), variables(owner.identity())).strip());
        sb.append("\n\n## Facets\n");
        try {
            if (facet.isPresent()) {
                Optional<Facet> f = journal.facet(facet.get());
                sb.append(f.map(x -> "This run is about the facet '" + x.name() + "' (" + x.title() + "): "
                        + x.description()).orElse("This run is about the facet '" + facet.get() + "'.")).append('\n');
            } else if (owner.facetsProblem() != null) {
                sb.append("(the facets could not be read: ").append(owner.facetsProblem()).append(")\n");
            } else {
                for (Facet f : owner.facets()) {
                    if (!f.muted()) {
                        sb.append("- ").append(f.name()).append(": ").append(f.title())
                                .append(f.description().isBlank() ? "" : " — " + f.description()).append('\n');
                    }
                }
            }
        } catch (JournalException e) {
            sb.append("(the facets could not be read: ").append(e.getMessage()).append(")\n");
        }
        sb.append("\nNow: ").append(now.format(DateTimeFormatter.ofPattern("EEEE yyyy-MM-dd HH:mm zzz", Locale.ROOT)))
                .append(" (today is ").append(now.format(DateTimeFormatter.BASIC_ISO_DATE), 0, 8).append(").\n");
        return sb.toString();
    }

    static Map<String, String> variables(Identity id) {
        Map<String, String> v = new HashMap<>();
        String preferred = id.preferred().isBlank() ? id.name() : id.preferred();
        v.put("name", id.name());
        v.put("preferred", preferred);
        v.put("bio", id.bio());
        v.put("timezone", id.timezone());
        v.put("pronouns_subject", id.pronouns().subject());
        v.put("pronouns_object", id.pronouns().object());
        v.put("pronouns_possessive", id.pronouns().possessive());
        v.put("pronouns_reflexive", id.pronouns().reflexive());
        Map<String, String> caps = new HashMap<>();
        v.forEach((k, val) -> caps.put(Character.toUpperCase(k.charAt(0)) + k.substring(1),
                val.isEmpty() ? val : Character.toUpperCase(val.charAt(0)) + val.substring(1)));
        v.putAll(caps);
        return v;
    }

    /** Python's {@code string.Template.safe_substitute}: {@code $x}, {@code ${x}}, {@code $$}; unknown ones kept. */
    static String substitute(String template, Map<String, String> vars) {
        Matcher m = VAR.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String g = m.group(1);
            String key = g.startsWith("{") ? g.substring(1, g.length() - 1) : g;
            String value = g.equals("$") ? "$" : vars.get(key);
            m.appendReplacement(out, Matcher.quoteReplacement(value == null ? m.group() : value));
        }
        m.appendTail(out);
        return out.toString();
    }
}
