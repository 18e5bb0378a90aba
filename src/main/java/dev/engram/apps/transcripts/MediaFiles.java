package dev.engram.apps.transcripts;

import dev.engram.convey.ApiError;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.Map;

/** Serves one captured file with its content type and HTTP Range support, streaming it in 64 KiB chunks. */
final class MediaFiles {
    private static final int CHUNK = 64 * 1024;
    private static final Map<String, String> TYPES = Map.ofEntries(
            Map.entry("flac", "audio/flac"), Map.entry("m4a", "audio/mp4"), Map.entry("opus", "audio/ogg"),
            Map.entry("ogg", "audio/ogg"), Map.entry("mp3", "audio/mpeg"), Map.entry("wav", "audio/wav"),
            Map.entry("webm", "video/webm"), Map.entry("mp4", "video/mp4"), Map.entry("mov", "video/quicktime"),
            Map.entry("png", "image/png"), Map.entry("jpg", "image/jpeg"), Map.entry("jpeg", "image/jpeg"),
            Map.entry("jsonl", "application/x-ndjson"), Map.entry("json", "application/json"),
            Map.entry("md", "text/markdown; charset=utf-8"), Map.entry("npz", "application/octet-stream"));

    private MediaFiles() {
    }

    static String contentType(String name) {
        int dot = name.lastIndexOf('.');
        String ext = dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
        return TYPES.getOrDefault(ext, "application/octet-stream");
    }

    static void serve(Context ctx, Path file) throws IOException {
        // A symbolic link is not served: it could point outside the journal.
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            throw ApiError.notFound("unknown_file", "there is no file '" + file.getFileName() + "' in this segment");
        }
        long size = Files.size(file);
        ctx.header("Accept-Ranges", "bytes");
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Cache-Control", "private, max-age=3600");
        ByteRange.Request request = ByteRange.parse(ctx.header("Range"), size);
        if (request instanceof ByteRange.Unsatisfiable) {
            ctx.status(416);
            ctx.header("Content-Range", "bytes */" + size);
            ctx.result("");
            return;
        }
        ByteRange range = request instanceof ByteRange.Part p ? p.range() : new ByteRange(0, size - 1);
        if (request instanceof ByteRange.Part) {
            ctx.status(206);
            ctx.header("Content-Range", "bytes " + range.first() + "-" + range.last() + "/" + size);
        } else {
            ctx.status(200);
        }
        ctx.res().setContentType(contentType(file.getFileName().toString()));
        long length = size == 0 ? 0 : range.length();
        ctx.res().setContentLengthLong(length);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            OutputStream out = ctx.res().getOutputStream();
            copy(ch, range.first(), length, out);
            out.flush();
        }
    }

    private static void copy(FileChannel ch, long position, long length, OutputStream out) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(CHUNK);
        long pos = position;
        long remaining = length;
        while (remaining > 0) {
            buf.clear();
            buf.limit((int) Math.min(CHUNK, remaining));
            int n = ch.read(buf, pos);
            if (n < 0) {
                break;
            }
            out.write(buf.array(), 0, n);
            pos += n;
            remaining -= n;
        }
    }
}
