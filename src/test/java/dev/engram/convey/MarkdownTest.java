package dev.engram.convey;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Markdown rendering keeps formatting, escapes raw HTML and drops unsafe URLs. */
class MarkdownTest {
    @Test
    void rawHtmlIsEscaped() {
        String html = Markdown.toHtml("Hi <img src=x onerror=alert(1)> **there**\n\n<script>alert(2)</script>");
        assertThat(html).contains("<strong>there</strong>", "&lt;img", "&lt;script&gt;")
                .doesNotContain("<img", "<script");
    }

    @Test
    void onlyWebMailAndRelativeLinksSurvive() {
        assertThat(Markdown.toHtml("[a](javascript:alert(1))")).contains("href=\"#\"");
        assertThat(Markdown.toHtml("[a](JaVaScRiPt:alert(1))")).contains("href=\"#\"");
        assertThat(Markdown.toHtml("[a](data:text/html;base64,PHNjcmlwdD4=)")).contains("href=\"#\"");
        assertThat(Markdown.toHtml("![i](vbscript:x)")).contains("href=\"#\"").doesNotContain("<img");
        assertThat(Markdown.toHtml("[a](//evil.example/x)")).contains("href=\"#\"");
        assertThat(Markdown.toHtml("[a](https://example.com/p?q=1)")).contains("href=\"https://example.com/p?q=1\"");
        assertThat(Markdown.toHtml("[a](mailto:me@example.com)")).contains("href=\"mailto:me@example.com\"");
        assertThat(Markdown.toHtml("[a](/app/home/20240101)")).contains("href=\"/app/home/20240101\"");
        assertThat(Markdown.toHtml("[a](notes?at=10:30)")).contains("href=\"notes?at=10:30\"");
    }

    /** An image on another server would let an insight leak journal text through its URL: never an {@code <img>}. */
    @Test
    void outsideImagesNeverBecomeImgTags() {
        for (String md : List.of("![x](https://attacker.example/p.png?secret=1)", "![x](//evil.example/p.png)",
                "![x](HTTP://attacker.example/p.png)", "![x]( //evil.example/p.png )", "![x](\\\\evil.example\\p.png)",
                "![x][r]\n\n[r]: https://attacker.example/p.png?secret=1")) {
            String html = Markdown.toHtml(md);
            assertThat(html).as(md).doesNotContain("<img").doesNotContain("src=");
        }
        assertThat(Markdown.toHtml("![x](https://attacker.example/p.png?secret=1)"))
                .contains("href=\"https://attacker.example/p.png?secret=1\">x</a>");
        assertThat(Markdown.toHtml("![x](//evil.example/p.png)")).doesNotContain("evil.example/p.png\"");
        String raw = Markdown.toHtml("<img src=\"https://attacker.example/p.png?secret=1\">\n\ntext <img src=//evil.example/p.png>");
        assertThat(raw).doesNotContain("<img").contains("&lt;img");
        assertThat(Markdown.toHtml("![here](/static/convey/logo.png)")).contains("<img src=\"/static/convey/logo.png\"");
    }
}
