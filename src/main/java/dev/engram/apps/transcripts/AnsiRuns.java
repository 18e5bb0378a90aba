package dev.engram.apps.transcripts;

import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

/**
 * Turns terminal text with ANSI escapes into runs of plain text, each with the CSS classes of its SGR attributes
 * ({@code ansi-fg-0..15}, {@code ansi-bg-0..15}, {@code ansi-bold}, {@code ansi-dim}, {@code ansi-italic},
 * {@code ansi-underline}, {@code ansi-inverse}). The text of a run holds no escape and no control character but
 * newline and tab; the page inserts it as text, never as HTML. Other escape sequences (cursor moves, OSC titles) are
 * dropped; 256-colour codes map their first 16 colours to the same classes, and other colours (the rest of the 256,
 * true colour) show in the default colour.
 */
final class AnsiRuns {
    private static final char ESC = '\u001B';

    /** One run of text and its space-separated classes (empty when plain). */
    record Run(String text, String classes) {
    }

    private AnsiRuns() {
    }

    static List<Run> of(String terminal) {
        List<Run> runs = new ArrayList<>();
        Style style = new Style();
        StringBuilder text = new StringBuilder();
        String s = terminal.replace("\r\n", "\n").replace('\r', '\n');
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == ESC || c == '\u009B') {
                int csiStart = c == ESC ? (i + 1 < s.length() && s.charAt(i + 1) == '[' ? i + 2 : -1) : i + 1;
                if (csiStart >= 0) {
                    int end = csiStart;
                    while (end < s.length() && s.charAt(end) >= 0x20 && s.charAt(end) <= 0x3F) {
                        end++;
                    }
                    while (end < s.length() && s.charAt(end) >= 0x20 && s.charAt(end) <= 0x2F) {
                        end++;
                    }
                    if (end < s.length() && s.charAt(end) >= 0x40 && s.charAt(end) <= 0x7E) {
                        if (s.charAt(end) == 'm') {
                            flush(runs, text, style);
                            style.apply(s.substring(csiStart, end));
                        }
                        i = end + 1;
                    } else {
                        i = end; // an unfinished sequence: drop what was read
                    }
                    continue;
                }
                i = skipOtherEscape(s, i);
                continue;
            }
            if (c == '\n' || c == '\t' || !Character.isISOControl(c)) {
                text.append(c);
            }
            i++;
        }
        flush(runs, text, style);
        return runs;
    }

    /** Skips an OSC ({@code ESC ] ... BEL} or {@code ESC ] ... ESC \}) or another short escape at {@code i}. */
    private static int skipOtherEscape(String s, int i) {
        if (i + 1 >= s.length()) {
            return s.length();
        }
        if (s.charAt(i + 1) == ']') {
            int j = i + 2;
            while (j < s.length()) {
                if (s.charAt(j) == '\u0007') {
                    return j + 1;
                }
                if (s.charAt(j) == ESC && j + 1 < s.length() && s.charAt(j + 1) == '\\') {
                    return j + 2;
                }
                j++;
            }
            return s.length();
        }
        int j = i + 1; // ESC, intermediates (such as '(' of a charset choice), one final character
        while (j < s.length() && s.charAt(j) >= 0x20 && s.charAt(j) <= 0x2F) {
            j++;
        }
        return Math.min(j + 1, s.length());
    }

    private static void flush(List<Run> runs, StringBuilder text, Style style) {
        if (text.isEmpty()) {
            return;
        }
        String classes = style.classes();
        if (!runs.isEmpty() && runs.getLast().classes().equals(classes)) {
            runs.set(runs.size() - 1, new Run(runs.getLast().text() + text, classes));
        } else {
            runs.add(new Run(text.toString(), classes));
        }
        text.setLength(0);
    }

    /** The current SGR state. */
    private static final class Style {
        int fg = -1;
        int bg = -1;
        boolean bold;
        boolean dim;
        boolean italic;
        boolean underline;
        boolean inverse;

        void apply(String params) {
            String[] p = params.isEmpty() ? new String[] {"0"} : params.split("[;:]", -1);
            for (int k = 0; k < p.length; k++) {
                int n = code(p[k]);
                switch (n) {
                    case 0 -> reset();
                    case 1 -> bold = true;
                    case 2 -> dim = true;
                    case 3 -> italic = true;
                    case 4 -> underline = true;
                    case 7 -> inverse = true;
                    case 22 -> {
                        bold = false;
                        dim = false;
                    }
                    case 23 -> italic = false;
                    case 24 -> underline = false;
                    case 27 -> inverse = false;
                    case 39 -> fg = -1;
                    case 49 -> bg = -1;
                    case 38, 48 -> {
                        // 256-colour (5;n) keeps its 16 basic colours; others and true colour (2;r;g;b) show as default
                        int colour = -1;
                        if (k + 2 < p.length && code(p[k + 1]) == 5) {
                            int idx = code(p[k + 2]);
                            colour = idx >= 0 && idx < 16 ? idx : -1;
                            k += 2;
                        } else if (k + 4 < p.length && code(p[k + 1]) == 2) {
                            k += 4;
                        } else {
                            k = p.length;
                            continue;
                        }
                        if (n == 38) {
                            fg = colour;
                        } else {
                            bg = colour;
                        }
                    }
                    default -> {
                        if (n >= 30 && n <= 37) {
                            fg = n - 30;
                        } else if (n >= 40 && n <= 47) {
                            bg = n - 40;
                        } else if (n >= 90 && n <= 97) {
                            fg = n - 90 + 8;
                        } else if (n >= 100 && n <= 107) {
                            bg = n - 100 + 8;
                        }
                    }
                }
            }
        }

        private static int code(String digits) {
            if (digits.isEmpty()) {
                return 0;
            }
            if (digits.length() > 3 || !digits.chars().allMatch(Character::isDigit)) {
                return -1;
            }
            return Integer.parseInt(digits);
        }

        void reset() {
            fg = -1;
            bg = -1;
            bold = false;
            dim = false;
            italic = false;
            underline = false;
            inverse = false;
        }

        String classes() {
            StringJoiner j = new StringJoiner(" ");
            if (fg >= 0) {
                j.add("ansi-fg-" + fg);
            }
            if (bg >= 0) {
                j.add("ansi-bg-" + bg);
            }
            if (bold) {
                j.add("ansi-bold");
            }
            if (dim) {
                j.add("ansi-dim");
            }
            if (italic) {
                j.add("ansi-italic");
            }
            if (underline) {
                j.add("ansi-underline");
            }
            if (inverse) {
                j.add("ansi-inverse");
            }
            return j.toString();
        }
    }
}
