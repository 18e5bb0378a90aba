package dev.engram.cortex.outbound;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Takes keys out of text that goes to logs or errors: a provider's error body may echo the key, whole or in part
 * ("Incorrect API key provided: sk-pro****abcd"). Any word sharing eight characters with a known key, and any word
 * shaped like a common key, becomes {@code [redacted]}.
 */
final class Secrets {
    private static final Pattern KEY_SHAPED = Pattern.compile(
            "(sk-[A-Za-z0-9_*\\-]{6,}|sk-ant-[A-Za-z0-9_*\\-]{6,}|AIza[0-9A-Za-z_*\\-]{10,})");
    private static final Pattern WORD = Pattern.compile("[^\\s\"',:;()\\[\\]{}<>]+");
    private static final int WINDOW = 8;

    private Secrets() {
    }

    static String redact(String text, List<String> secrets) {
        if (text == null || text.isEmpty()) {
            return "";
        }
        String out = text;
        for (String s : secrets) {
            if (s != null && !s.isEmpty()) {
                out = out.replace(s, "[redacted]");
            }
        }
        Matcher m = WORD.matcher(out);
        StringBuilder b = new StringBuilder();
        while (m.find()) {
            String word = m.group();
            m.appendReplacement(b, Matcher.quoteReplacement(sharesPart(word, secrets) ? "[redacted]" : word));
        }
        m.appendTail(b);
        return KEY_SHAPED.matcher(b.toString()).replaceAll("[redacted]");
    }

    private static boolean sharesPart(String word, List<String> secrets) {
        if (word.length() < WINDOW) {
            return false;
        }
        for (String s : secrets) {
            if (s == null || s.length() < WINDOW) {
                continue;
            }
            for (int i = 0; i + WINDOW <= s.length(); i++) {
                if (word.contains(s.substring(i, i + WINDOW))) {
                    return true;
                }
            }
        }
        return false;
    }
}
