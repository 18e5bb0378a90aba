package dev.engram.convey;

import java.util.Locale;
import java.util.Set;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;
import org.commonmark.renderer.html.UrlSanitizer;

/**
 * Renders journal markdown (insights) to HTML that is safe to put into a page: raw HTML in the markdown is escaped,
 * and link and image URLs other than http, https, mailto, fragments and relative paths become {@code #}.
 */
public final class Markdown {
    private static final Set<String> SCHEMES = Set.of("http", "https", "mailto");
    private static final Parser PARSER = Parser.builder().build();
    private static final HtmlRenderer RENDERER = HtmlRenderer.builder().escapeHtml(true).sanitizeUrls(true)
            .urlSanitizer(new SafeUrls()).build();

    private Markdown() {
    }

    public static String toHtml(String markdown) {
        return RENDERER.render(PARSER.parse(markdown == null ? "" : markdown));
    }

    /** Keeps web and mail links and same-site paths; anything with another scheme (javascript:, data:...) is dropped. */
    static final class SafeUrls implements UrlSanitizer {
        @Override
        public String sanitizeLinkUrl(String url) {
            return safe(url);
        }

        @Override
        public String sanitizeImageUrl(String url) {
            return safe(url);
        }

        static String safe(String url) {
            String u = url == null ? "" : url.strip();
            String lower = u.toLowerCase(Locale.ROOT).replaceAll("[\\s\\p{Cntrl}]", "");
            int colon = lower.indexOf(':');
            int slash = lower.indexOf('/');
            boolean hasScheme = colon >= 0 && (slash < 0 || colon < slash)
                    && lower.substring(0, colon).matches("[a-z][a-z0-9+.-]*");
            if (hasScheme) {
                return SCHEMES.contains(lower.substring(0, colon)) ? u : "#";
            }
            return lower.startsWith("//") || lower.startsWith("\\") ? "#" : u;
        }
    }
}
