package dev.engram.apps.observers;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A multipart/form-data body as the observers send it (fields, then {@code files} parts), for tests. */
final class Multipart {
    final String boundary = "----engramtest" + Long.toHexString(System.nanoTime());
    private final List<Object[]> parts = new ArrayList<>();

    Multipart field(String name, String value) {
        parts.add(new Object[] {name, null, value.getBytes(StandardCharsets.UTF_8)});
        return this;
    }

    Multipart file(String filename, byte[] content) {
        parts.add(new Object[] {"files", filename, content});
        return this;
    }

    Multipart file(String filename, String content) {
        return file(filename, content.getBytes(StandardCharsets.UTF_8));
    }

    String contentType() {
        return "multipart/form-data; boundary=" + boundary;
    }

    byte[] body() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Object[] p : parts) {
            String head = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + p[0] + "\""
                    + (p[1] == null ? "" : "; filename=\"" + p[1] + "\"\r\nContent-Type: application/octet-stream")
                    + "\r\n\r\n";
            out.writeBytes(head.getBytes(StandardCharsets.UTF_8));
            out.writeBytes((byte[]) p[2]);
            out.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
        }
        out.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }
}
