package dev.engram.convey;

import dev.engram.journal.Day;
import dev.engram.journal.InvalidNameException;
import dev.engram.journal.Names;
import dev.engram.journal.SegmentKey;
import java.time.DateTimeException;
import java.time.YearMonth;
import java.util.regex.Pattern;

/**
 * Turns path and query parameters into validated journal names. Each method throws a 400 {@link ApiError} whose
 * reason code names the parameter ({@code invalid_day}, {@code invalid_segment}, {@code invalid_facet},
 * {@code invalid_file}, {@code invalid_month}).
 */
public final class Params {
    private static final Pattern MONTH = Pattern.compile("\\d{6}");

    private Params() {
    }

    /** A day as {@code YYYYMMDD}. */
    public static Day day(String text) {
        try {
            return Day.parse(text);
        } catch (InvalidNameException e) {
            throw ApiError.badRequest("invalid_day", e.getMessage());
        }
    }

    /** A segment folder name {@code HHMMSS_LEN} (as on disk; out-of-range times of old journals are accepted). */
    public static SegmentKey segment(String text) {
        return SegmentKey.tryParse(text).orElseThrow(() -> ApiError.badRequest("invalid_segment",
                "invalid segment '" + shown(text) + "': expected HHMMSS_LEN, e.g. 143000_300"));
    }

    /** A facet name (letters, digits, '-' and '_'). */
    public static String facet(String text) {
        try {
            return Names.facet(text);
        } catch (InvalidNameException e) {
            throw ApiError.badRequest("invalid_facet", e.getMessage());
        }
    }

    /** One plain file name inside a folder: no separators, not hidden. */
    public static String fileName(String text) {
        try {
            return Names.fileName(text);
        } catch (InvalidNameException e) {
            throw ApiError.badRequest("invalid_file", e.getMessage());
        }
    }

    /** A month as {@code YYYYMM}. */
    public static YearMonth month(String text) {
        if (text == null || !MONTH.matcher(text).matches()) {
            throw ApiError.badRequest("invalid_month", "invalid month '" + shown(text) + "': expected YYYYMM, e.g. 202401");
        }
        try {
            return YearMonth.of(Integer.parseInt(text.substring(0, 4)), Integer.parseInt(text.substring(4)));
        } catch (DateTimeException e) {
            throw ApiError.badRequest("invalid_month", "invalid month '" + text + "': the month must be 01-12");
        }
    }

    /** Text safe to echo in an error message: at most 60 characters, control characters dropped. */
    public static String shown(String text) {
        if (text == null) {
            return "";
        }
        String cut = text.length() > 60 ? text.substring(0, 60) + "..." : text;
        return cut.replaceAll("\\p{Cntrl}", "");
    }

    /**
     * The text itself if it is well-formed UTF-16: a JSON {@code \\ud800} escape decodes to a lone surrogate, which
     * no UTF-8 file can hold (it would be saved as {@code ?}), so it is refused with 400 {@code invalid_unicode}
     * naming the field.
     */
    public static String wellFormed(String name, String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw ApiError.badRequest("invalid_unicode", "'" + name + "' holds a lone UTF-16 surrogate (U+"
                        + Integer.toHexString(c).toUpperCase(java.util.Locale.ROOT) + " at character " + i
                        + "); send well-formed Unicode text");
            }
        }
        return text;
    }
}
