package dev.engram.convey;

import java.util.Locale;
import java.util.Set;
import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.Image;
import org.commonmark.node.Link;
import org.commonmark.node.Node;
import org.commonmark.node.Text;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;
import org.commonmark.renderer.html.UrlSanitizer;

/**
 * Renders journal markdown (insights) to HTML that is safe to put into a page: raw HTML in the markdown is escaped,
 * link and image URLs other than http, https, mailto, fragments and relative paths become {@code #}, and an image on
 * another server becomes a link with its alt text (never an {@code <img>}: a generated insight must not make the
 * browser fetch outside URLs, which could carry journal content away). Images on this server stay images.
 */
public final class Markdown {
    private static final Set<String> SCHEMES = Set.of("http", "https", "mailto");
    private static final Parser PARSER = Parser.builder().postProcessor(Markdown::remoteImagesToLinks).build();
    private static final HtmlRenderer RENDERER = HtmlRenderer.builder().escapeHtml(true).sanitizeUrls(true)
            .urlSanitizer(new SafeUrls()).build();

    private Markdown() {
    }

    public static String toHtml(String markdown) {
        return RENDERER.render(PARSER.parse(markdown == null ? "" : markdown));
    }

    private static Node remoteImagesToLinks(Node document) {
        document.accept(new AbstractVisitor() {
            @Override
            public void visit(Image image) {
                if (!remote(image.getDestination())) {
                    return;
                }
                Link link = new Link(image.getDestination(), image.getTitle());
                Node child = image.getFirstChild();
                while (child != null) {
                    Node next = child.getNext();
                    link.appendChild(child);
                    child = next;
                }
                if (link.getFirstChild() == null) {
                    link.appendChild(new Text("image"));
                }
                image.insertBefore(link);
                image.unlink();
            }
        });
        return document;
    }

    /** A URL that names a scheme or another host ({@code //host/...}), i.e. anything that is not a path here. */
    static boolean remote(String url) {
        String lower = normalized(url);
        return lower.startsWith("//") || lower.startsWith("\\") || hasScheme(lower);
    }

    private static String normalized(String url) {
        return (url == null ? "" : url.strip()).toLowerCase(Locale.ROOT).replaceAll("[\\s\\p{Cntrl}]", "");
    }

    private static boolean hasScheme(String lower) {
        int colon = lower.indexOf(':');
        int slash = lower.indexOf('/');
        return colon >= 0 && (slash < 0 || colon < slash) && lower.substring(0, colon).matches("[a-z][a-z0-9+.-]*");
    }

    /** Keeps web and mail links and same-site paths; anything with another scheme (javascript:, data:...) is dropped. */
    static final class SafeUrls implements UrlSanitizer {
        @Override
        public String sanitizeLinkUrl(String url) {
            return safe(url);
        }

        @Override
        public String sanitizeImageUrl(String url) {
            return remote(url) ? "#" : safe(url);
        }

        static String safe(String url) {
            String u = url == null ? "" : url.strip();
            String lower = normalized(u);
            if (hasScheme(lower)) {
                return SCHEMES.contains(lower.substring(0, lower.indexOf(':'))) ? u : "#";
            }
            return lower.startsWith("//") || lower.startsWith("\\") ? "#" : u;
        }
    }
}
