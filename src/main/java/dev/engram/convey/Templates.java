package dev.engram.convey;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.TemplateException;
import gg.jte.output.StringOutput;
import io.javalin.http.Context;
import java.util.Map;

/** The precompiled JTE templates (src/main/jte). */
final class Templates {
    private final TemplateEngine engine = TemplateEngine.createPrecompiled(ContentType.Html);

    String render(String template, Map<String, Object> params) {
        StringOutput out = new StringOutput();
        try {
            engine.render(template, params, out);
        } catch (TemplateException e) {
            throw new IllegalStateException("template " + template + " failed: " + e.getMessage(), e);
        }
        return out.toString();
    }

    boolean exists(String template) {
        return engine.hasTemplate(template);
    }

    void html(Context ctx, int status, String template, Map<String, Object> params) {
        String body = render(template, params);
        ctx.status(status).contentType("text/html; charset=utf-8").result(body);
    }
}
