package dev.engram.apps.imports;

import dev.engram.app.AppContext;
import dev.engram.convey.ApiError;
import dev.engram.convey.AppInfo;
import dev.engram.convey.AppRoutes;
import dev.engram.convey.ConveyApp;
import dev.engram.convey.JsonIo;
import dev.engram.journal.FileTooLargeException;
import dev.engram.journal.Journal;
import dev.engram.observe.api.ImportException;
import dev.engram.observe.api.ImportOptions;
import dev.engram.observe.api.ImportResult;
import dev.engram.observe.api.Imports;
import io.javalin.http.Context;
import io.javalin.http.UploadedFile;
import java.io.IOException;
import java.io.InputStream;
import jakarta.servlet.MultipartConfigElement;
import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * The Imports app (📥): upload a transcript, PDF or calendar ({@code POST /app/imports/api/upload}, multipart
 * {@code file}, optional {@code timestamp} YYYYMMDD_HHMMSS and {@code facet}; the CSRF token in
 * {@code X-CSRF-Token}), and the list of imports with their status and segments ({@code GET /app/imports/api/list}),
 * each segment linked to the Transcripts app.
 */
public final class ImportsApp implements ConveyApp {
    /** Jetty's request attribute for the multipart settings (Javalin sets its own only when this one is absent). */
    static final String MULTIPART_CONFIG = "org.eclipse.jetty.multipartConfig";
    /** The journal scratch folder the multipart parser buffers uploads in ({@link Journal#scratchFolder}). */
    static final String UPLOADS = "imports-upload";

    /** Uploads are buffered inside the journal while they are parsed (bounded, see {@link UploadLimit}). */
    public ImportsApp() {
    }

    @Override
    public String name() {
        return "imports";
    }

    @Override
    public AppInfo info() {
        return AppInfo.of("📥", "Imports").withFacets(AppInfo.FacetBar.HIDDEN);
    }

    @Override
    public void routes(AppRoutes routes) {
        AppContext context = routes.context();
        Journal journal = context.journal();
        Imports importer = context.service(Imports.class);
        routes.get("/api/list", ctx -> JsonIo.send(ctx, new ImportList(journal).list(importer)));
        String staging = journal.scratchFolder(UPLOADS).toString();
        routes.post("/api/upload", ctx -> upload(ctx, importer, journal, staging));
    }

    private static void upload(Context ctx, Imports importer, Journal journal, String temp) throws Exception {
        String type = ctx.contentType() == null ? "" : ctx.contentType();
        if (!type.toLowerCase(java.util.Locale.ROOT).startsWith("multipart/form-data")) {
            throw new ApiError(415, "unsupported_media_type", "send the file as multipart/form-data (field 'file')");
        }
        UploadLimit limit = UploadLimit.from(journal.config());
        long length = ctx.req().getContentLengthLong();
        if (length > limit.maxRequestBytes()) { // refused before a byte of the body is read
            tooLarge(ctx, limit, "the request says it is " + length + " bytes");
            return;
        }
        ctx.req().setAttribute(MULTIPART_CONFIG, new MultipartConfigElement(temp, limit.maxFileBytes(),
                limit.maxRequestBytes(), (int) UploadLimit.FORM_BYTES));
        UploadedFile file;
        try {
            file = ctx.uploadedFile("file");
        } catch (Exception e) { // Javalin rethrows Jetty's checked exceptions unchecked
            if (!exceeded(e)) {
                throw e;
            }
            tooLarge(ctx, limit, "the body went past the limit while it was read; nothing was kept");
            return;
        }
        if (file == null || file.filename() == null || file.filename().isBlank()) {
            throw ApiError.badRequest("missing_file", "choose a file to import (field 'file')");
        }
        int files = ctx.uploadedFiles("file").size();
        if (files > 1) {
            throw ApiError.badRequest("one_file", "send one file per upload (field 'file'); this request has "
                    + files + ", and none was imported");
        }
        for (String field : List.of("timestamp", "facet", "modified")) {
            if (ctx.formParams(field).size() > 1) {
                throw ApiError.badRequest("repeated_field", "send '" + field + "' once; nothing was imported");
            }
        }
        Optional<LocalDateTime> at = Optional.ofNullable(blankToNull(ctx.formParam("timestamp"))).map(s -> {
            try {
                return ImportOptions.parseTimestamp(s);
            } catch (ImportException e) {
                throw ApiError.badRequest(e.reasonCode(), e.getMessage());
            }
        });
        ImportOptions options = new ImportOptions(file.filename(), at,
                Optional.ofNullable(blankToNull(ctx.formParam("facet"))), modified(ctx.formParam("modified")));
        ImportResult r;
        try (InputStream in = file.content()) {
            importer.check(options);
            r = importer.start(in, options);
        } catch (ImportException e) {
            int status = switch (e.reasonCode()) {
                case "import_failed" -> 500;
                case "too_large" -> 413;
                case "already_importing" -> 409;
                default -> 400;
            };
            throw new ApiError(status, e.reasonCode(), e.getMessage());
        } catch (FileTooLargeException e) {
            throw new ApiError(413, "too_large", "the file is larger than " + Imports.MAX_BYTES / (1024 * 1024)
                    + " MiB");
        }
        ctx.status(switch (r.status()) {
            case "imported" -> 201;
            case "importing" -> 202;
            default -> 200; // duplicate, or failed (listed with its error)
        });
        JsonNode item = new ImportList(journal).item(r.id()).orElse(null);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", r.status());
        body.put("id", r.id());
        body.put("import", item);
        body.put("notes", r.notes());
        JsonIo.send(ctx, body);
    }

    /** 413 {error, reason_code, detail}; Jetty deletes the part it was buffering. */
    private static void tooLarge(Context ctx, UploadLimit limit, String detail) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", "the file is larger than the " + limit.describe() + " an import may be (config"
                + " imports.max_upload_bytes)");
        body.put("reason_code", "too_large");
        body.put("detail", detail);
        ctx.status(413);
        ctx.header("Connection", "close"); // the rest of the body is not read
        JsonIo.send(ctx, body);
    }

    /** Whether Jetty stopped the multipart body at one of the configured sizes. */
    private static boolean exceeded(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof org.eclipse.jetty.http.BadMessageException b && b.getCode() == 413) {
                return true;
            }
            String m = t.getMessage() == null ? "" : t.getMessage().toLowerCase(java.util.Locale.ROOT);
            if (m.contains("exceeds") || m.contains("exceeded") || m.contains("too large")) {
                return true;
            }
        }
        return false;
    }

    /** The browser's {@code File.lastModified} (milliseconds since 1970), when sent: a start when none is given. */
    static Optional<java.time.Instant> modified(String field) {
        String v = blankToNull(field);
        if (v == null) {
            return Optional.empty();
        }
        try {
            long ms = Long.parseLong(v);
            if (ms > 0 && ms < 253_370_764_800_000L) { // before 9999-01-01, the journal's last year
                return Optional.of(java.time.Instant.ofEpochMilli(ms));
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw ApiError.badRequest("invalid_modified", "field 'modified' must be the file's modification time in"
                + " milliseconds since 1970 (File.lastModified), got '" + v.replaceAll("[^0-9A-Za-z.+-]", "?") + "'");
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
