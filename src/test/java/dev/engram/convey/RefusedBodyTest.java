package dev.engram.convey;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A request refused before its body arrived, on a real keep-alive connection: the answer waits for the (small) body,
 * so the connection stays usable for the client's next request. Before, Jetty closed it after the answer without a
 * {@code Connection: close}, and a client that reused it saw no answer at all (CI: "header parser received no bytes"
 * after a 403). A body too large to drain is answered at once, with {@code Connection: close}, not waited for.
 */
class RefusedBodyTest {
    @TempDir
    Path dir;

    /** A connection to the fixture's server, reads timing out after {@code timeoutMs}. */
    private static Socket connect(ConveyFixture f, int timeoutMs) throws IOException {
        URI u = URI.create(f.url);
        Socket s = new Socket();
        s.connect(new java.net.InetSocketAddress(u.getHost(), u.getPort()), 5000);
        s.setSoTimeout(timeoutMs);
        return s;
    }

    /** A POST to a guarded API route without a session (refused), its body {@code length} bytes long. */
    private static byte[] refusedPost(ConveyFixture f, long length) {
        URI u = URI.create(f.url);
        return ("POST /app/home/api/echo HTTP/1.1\r\nHost: " + u.getHost() + ":" + u.getPort() + "\r\nAccept:"
                + " application/json\r\nContent-Type: application/json\r\nContent-Length: " + length + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void aRefusedRequestsLateBodyIsReadAndTheConnectionServesTheNextRequest() throws Exception {
        try (ConveyFixture f = new ConveyFixture(dir).withPassword();
             Socket s = connect(f, 10_000)) {
            OutputStream out = s.getOutputStream();
            out.write(refusedPost(f, 2));
            out.flush();
            Thread.sleep(300); // the guard refuses it (no session) before the body comes
            out.write("{}".getBytes(StandardCharsets.US_ASCII));
            URI u = URI.create(f.url);
            out.write(("GET /login HTTP/1.1\r\nHost: " + u.getHost() + ":" + u.getPort() + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            String first = response(in);
            assertThat(first).startsWith("HTTP/1.1 40").doesNotContainIgnoringCase("connection: close");
            assertThat(response(in)).as("the next request on the same connection").startsWith("HTTP/1.1 200");
        }
    }

    @Test
    void aRefusedLargeBodyIsNotWaitedForButTheConnectionIsClosed() throws Exception {
        // reads time out far below Jetty's idle timeout: a drain of the 50 MB would not answer in time
        try (ConveyFixture f = new ConveyFixture(dir).withPassword();
             Socket s = connect(f, 5_000)) {
            OutputStream out = s.getOutputStream();
            out.write(refusedPost(f, 50_000_000));
            out.write('{');
            out.flush();
            assertThat(response(s.getInputStream())).startsWith("HTTP/1.1 40")
                    .containsIgnoringCase("connection: close");
        }
    }

    /** One response's head and body (Content-Length or chunked), as text. */
    private static String response(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int c = in.read();
            if (c < 0) {
                throw new IOException("the connection was closed; read so far: " + head);
            }
            head.write(c);
        }
        String h = head.toString(StandardCharsets.ISO_8859_1);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?i)content-length: *(\\d+)").matcher(h);
        if (m.find()) {
            in.readNBytes(Integer.parseInt(m.group(1)));
        } else if (h.toLowerCase(java.util.Locale.ROOT).contains("transfer-encoding: chunked")) {
            for (int size = chunk(in); size > 0; size = chunk(in)) {
                in.readNBytes(size + 2);
            }
            in.readNBytes(2);
        }
        return h;
    }

    private static int chunk(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new IOException("the connection was closed in a chunked body");
            }
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return Integer.parseInt(line.toString().split(";")[0].strip(), 16);
    }
}
