package dev.engram.observe.tmux;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;

/** A small {@code multipart/form-data} body builder (fields and octet-stream files), as the observers send. */
final class Multipart {
    private final String boundary;
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();

    Multipart() {
        byte[] r = new byte[12];
        new SecureRandom().nextBytes(r);
        boundary = "engram-" + HexFormat.of().formatHex(r);
    }

    String contentType() {
        return "multipart/form-data; boundary=" + boundary;
    }

    Multipart field(String name, String value) {
        head("Content-Disposition: form-data; name=\"" + name + "\"\r\n");
        body.writeBytes(value.getBytes(StandardCharsets.UTF_8));
        body.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        return this;
    }

    Multipart file(String name, String fileName, byte[] content) {
        head("Content-Disposition: form-data; name=\"" + name + "\"; filename=\"" + fileName.replace("\"", "_")
                + "\"\r\nContent-Type: application/octet-stream\r\n");
        body.writeBytes(content);
        body.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        return this;
    }

    byte[] finish() {
        body.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        return body.toByteArray();
    }

    private void head(String headers) {
        body.writeBytes(("--" + boundary + "\r\n" + headers + "\r\n").getBytes(StandardCharsets.UTF_8));
    }
}
