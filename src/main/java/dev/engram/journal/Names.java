package dev.engram.journal;

import java.util.regex.Pattern;

/**
 * Validation of every name that becomes part of a journal path. A name is one path element: never empty,
 * never {@code .} or {@code ..}, never containing a separator, a NUL or a control character, never absolute.
 * Each check throws {@link InvalidNameException} naming what was wrong and what is accepted.
 */
public final class Names {
    private static final Pattern FACET = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");
    private static final Pattern APP = Pattern.compile("[a-z][a-z0-9_]{0,63}");
    private static final Pattern AGENT_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,127}");
    private static final int MAX_FILE_NAME_BYTES = 255;

    private Names() {
    }

    /** A facet folder name: letters, digits, '-' and '_' (as in {@code work}, {@code full-featured}). */
    public static String facet(String name) {
        return check("facet", name, FACET, "use 1-64 letters, digits, '-' or '_', starting with a letter or digit");
    }

    /** An app name: lowercase letters, digits and '_', starting with a letter (the reference's rule). */
    public static String app(String name) {
        return check("app", name, APP, "use lowercase letters, digits or '_', starting with a letter");
    }

    /** An agent id such as {@code 1700000000001}. */
    public static String agentId(String name) {
        return check("agent id", name, AGENT_ID, "use letters, digits, '-' or '_'");
    }

    /** One file name inside a journal folder: no separators, not hidden, not {@code .}/{@code ..}, at most 255 bytes. */
    public static String fileName(String name) {
        boolean bad = name == null || name.isEmpty() || name.startsWith(".");
        for (int i = 0; !bad && i < name.length(); i++) {
            char c = name.charAt(i);
            bad = c == '/' || c == '\\' || c == 0 || Character.isISOControl(c);
        }
        if (bad) {
            throw new InvalidNameException("invalid file name " + shown(name) + ": " + problem(name)
                    + "; give a plain file name such as 'audio.jsonl' (not hidden, no path separators, '..' or"
                    + " control characters)");
        }
        if (name.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_FILE_NAME_BYTES) {
            throw new InvalidNameException("invalid file name " + shown(name) + ": longer than 255 bytes;"
                    + " give a shorter plain file name");
        }
        return name;
    }

    /** Whether a facet name is acceptable, without throwing. */
    public static boolean isFacet(String name) {
        return name != null && FACET.matcher(name).matches();
    }

    private static String check(String what, String name, Pattern pattern, String rule) {
        if (name == null || !pattern.matcher(name).matches()) {
            throw new InvalidNameException("invalid " + what + " name " + shown(name) + ": " + problem(name) + "; "
                    + rule + " (no path separators, '..' or absolute paths)");
        }
        return name;
    }

    /** What is wrong with a rejected name, most serious first. */
    static String problem(String name) {
        if (name == null || name.isEmpty()) {
            return "it is empty";
        }
        if (name.startsWith("/") || name.startsWith("\\") || name.matches("[A-Za-z]:.*")) {
            return "it is an absolute path";
        }
        if (name.equals("..") || name.startsWith("../") || name.contains("/..") || name.contains("\\..")) {
            return "it contains '..' (a parent folder)";
        }
        if (name.indexOf('/') >= 0 || name.indexOf('\\') >= 0) {
            return "it contains a path separator";
        }
        if (name.chars().anyMatch(c -> c == 0 || Character.isISOControl(c))) {
            return "it contains a NUL or control character";
        }
        if (name.startsWith(".")) {
            return "it is hidden (starts with '.')";
        }
        if (name.length() > 64) {
            return "it is too long";
        }
        return "it contains a character that is not allowed";
    }

    static String shown(String name) {
        if (name == null) {
            return "(none)";
        }
        String cut = name.length() > 80 ? name.substring(0, 80) + "..." : name;
        StringBuilder sb = new StringBuilder("'");
        cut.codePoints().forEach(cp -> {
            if (Character.isISOControl(cp)) {
                sb.append(String.format("\\u%04x", cp));
            } else {
                sb.appendCodePoint(cp);
            }
        });
        return sb.append('\'').toString();
    }
}
