package dev.engram.cli;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One observer of {@code engram bench ingest}: uploads over one keep-alive HTTP/1.1 connection to this process's own
 * Engram on loopback, the way a real observer's HTTP library does (request line, headers, Content-Length, body), with
 * the multipart body built once and only its segment and tags patched per upload. A lean client on purpose: the
 * clients share the machine's two cores with the server they measure, so the client's own cost is kept small (the
 * JDK's HttpClient cost about 2 ms of CPU and 0.6 MB of garbage per upload here). {@link #stream} sends one large
 * request of its own through one buffer (the big mode, whose peak RSS is the server's). Not thread-safe: one per
 * client.
 */
final class IngestBenchClient implements AutoCloseable {
    private static final int TAG = 20; // digits of the upload number patched into both files
    private final URI url;
    private final byte[] body;
    private final int segmentAt;
    private final int audioTagAt;
    private final int screenTagAt;
    private final byte[] head;
    private final byte[] tag = new byte[TAG];
    private Socket socket;
    private InputStream in;
    private OutputStream out;

    /** An answer: HTTP status and body text. */
    record Answer(int status, String body) {
    }

    IngestBenchClient(URI url, String key, int client, byte[] audio, byte[] screen) {
        this.url = url;
        String boundary = "engram-bench-" + client + "-" + Long.toHexString(new java.util.Random(client).nextLong());
        String segment = "000000_1";
        byte[] before = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"day\"\r\n\r\n20261130\r\n--"
                + boundary + "\r\nContent-Disposition: form-data; name=\"segment\"\r\n\r\n").getBytes(
                StandardCharsets.US_ASCII);
        byte[] afterSegment = ("\r\n--" + boundary + "\r\nContent-Disposition: form-data; name=\"files\";"
                + " filename=\"audio.flac\"\r\nContent-Type: audio/flac\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] middle = ("\r\n--" + boundary + "\r\nContent-Disposition: form-data; name=\"files\";"
                + " filename=\"screen.jsonl\"\r\nContent-Type: application/octet-stream\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII);
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(before);
        segmentAt = b.size();
        b.writeBytes(segment.getBytes(StandardCharsets.US_ASCII));
        b.writeBytes(afterSegment);
        audioTagAt = b.size();
        b.writeBytes(audio);
        b.writeBytes(middle);
        screenTagAt = b.size() + 13; // inside the first line's "frame_id" value (20 zeros)
        b.writeBytes(screen);
        b.writeBytes(tail);
        body = b.toByteArray();
        head = ("POST " + url.getRawPath() + " HTTP/1.1\r\nHost: " + url.getHost() + ":" + url.getPort()
                + "\r\nAuthorization: Bearer " + key + "\r\nContent-Type: multipart/form-data; boundary=" + boundary
                + "\r\nContent-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    /** A connection for {@link #stream} only: no body of its own. */
    private IngestBenchClient(URI url) {
        this.url = url;
        this.body = new byte[0];
        this.head = new byte[0];
        this.segmentAt = 0;
        this.audioTagAt = 0;
        this.screenTagAt = 0;
    }

    /**
     * Sends one request on a connection of its own (the big mode): {@code head} (request line and headers), then the
     * whole of {@code body} through one reused 64 KiB buffer, so that the client holds nothing but that buffer and the
     * process's memory is the server's; then reads the answer.
     */
    static Answer stream(URI url, byte[] head, InputStream body) throws IOException {
        try (IngestBenchClient c = new IngestBenchClient(url)) {
            c.connect();
            c.out.write(head);
            byte[] buf = new byte[64 * 1024];
            for (int n = body.read(buf); n >= 0; n = body.read(buf)) {
                c.out.write(buf, 0, n);
            }
            c.out.flush();
            return c.read();
        }
    }

    private void connect() throws IOException {
        socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.connect(new InetSocketAddress(url.getHost(), url.getPort()), 5000);
        socket.setSoTimeout(60_000);
        in = new BufferedInputStream(socket.getInputStream(), 8192);
        out = socket.getOutputStream();
    }

    /**
     * Uploads the files as upload number {@code n}: segment {@code HHMMSS_1} of the day from {@code n}, and {@code n}
     * written into both files so that no upload is a duplicate of another.
     */
    Answer upload(long n) throws IOException {
        String segment = String.format(Locale.ROOT, "%02d%02d%02d_1", n % 86400 / 3600, n % 3600 / 60, n % 60);
        System.arraycopy(segment.getBytes(StandardCharsets.US_ASCII), 0, body, segmentAt, segment.length());
        long v = n;
        for (int i = TAG - 1; i >= 0; i--, v /= 10) {
            tag[i] = (byte) ('0' + v % 10);
        }
        System.arraycopy(tag, 0, body, audioTagAt, TAG);
        System.arraycopy(tag, 0, body, screenTagAt, TAG);
        if (socket == null) {
            connect();
        }
        try {
            out.write(head);
            out.write(body);
            out.flush();
            return read();
        } catch (IOException e) {
            close();
            throw e;
        }
    }

    /** Reads one response: status line, headers, and a Content-Length or chunked body. */
    private Answer read() throws IOException {
        String status = line();
        if (!status.startsWith("HTTP/1.1 ") || status.length() < 12) {
            throw new IOException("not an HTTP/1.1 response: " + status);
        }
        int code = Integer.parseInt(status.substring(9, 12));
        long length = -1;
        boolean chunked = false;
        boolean close = false;
        for (String h = line(); !h.isEmpty(); h = line()) {
            String lower = h.toLowerCase(Locale.ROOT);
            if (lower.startsWith("content-length:")) {
                length = Long.parseLong(h.substring(15).strip());
            } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                chunked = true;
            } else if (lower.startsWith("connection:") && lower.contains("close")) {
                close = true;
            }
        }
        ByteArrayOutputStream b = new ByteArrayOutputStream(256);
        if (chunked) {
            for (int size = Integer.parseInt(line().split(";")[0].strip(), 16); size > 0;
                 size = Integer.parseInt(line().split(";")[0].strip(), 16)) {
                b.writeBytes(in.readNBytes(size));
                line();
            }
            while (!line().isEmpty()) {
                // trailers
            }
        } else if (length >= 0) {
            b.writeBytes(in.readNBytes((int) length));
        }
        if (close) {
            close();
        }
        return new Answer(code, b.toString(StandardCharsets.UTF_8));
    }

    private String line() throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new IOException("the server closed the connection");
            }
            if (c != '\r') {
                sb.append((char) c);
            }
        }
        return sb.toString();
    }

    @Override
    public void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing a loopback socket: nothing to do about a failure
            }
            socket = null;
        }
    }
}
