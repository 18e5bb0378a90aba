package dev.engram.cli;

import io.javalin.Javalin;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;

/**
 * The HTTP floors of {@code engram bench ingest --floor}: a bare ingest handler on loopback (port 0) that only does
 * what a durable store must for each upload: each multipart file streamed ({@link FloorParts}) into a temp file with
 * SHA-256, fsynced, renamed into a fresh folder; that folder and its parent fsynced; {@code {"status":"ok"}}. Two
 * front ends with the same handling: {@link Kind#JAVALIN} (a Javalin route, as Engram's routes are) and
 * {@link Kind#CORE} (a Jetty core {@link Handler}: no Javalin, no servlet layer, the body read from Jetty's
 * {@link Content.Source}). Bench code only: it writes under its own temporary folder, never into a journal.
 */
abstract class FloorServer implements AutoCloseable {
    /** The front end in front of the same handling. */
    enum Kind { JAVALIN, CORE }

    private final Path staging;
    private final Path day;
    private final AtomicLong seq = new AtomicLong();

    private FloorServer(Path dir) throws IOException {
        staging = Files.createDirectories(dir.resolve("staging"));
        day = Files.createDirectories(dir.resolve("day"));
    }

    static FloorServer start(Kind kind, Path dir, IngestFloor.Jetty jetty) throws IOException {
        return kind == Kind.JAVALIN ? new OnJavalin(dir, jetty) : new OnJettyCore(dir, jetty);
    }

    abstract String url();

    /** The floor's line label. */
    abstract String shown();

    /** Stores one upload's files as described above; false when the content type has no boundary. */
    final boolean store(String contentType, InputStream body) throws IOException {
        int at = contentType == null ? -1 : contentType.indexOf("boundary=");
        if (at < 0) {
            return false;
        }
        Path seg = day.resolve("s" + seq.getAndIncrement());
        Files.createDirectory(seg);
        FloorParts parts = new FloorParts(body, contentType.substring(at + 9).strip());
        for (String name = parts.next(); name != null; name = parts.next()) {
            if (name.isEmpty()) {
                parts.copy(null, null); // a form field: read and dropped
                continue;
            }
            Path tmp = Files.createTempFile(staging, "up-", ".tmp");
            MessageDigest sha = sha256();
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                parts.copy(ch, sha);
                ch.force(true);
            }
            HexFormat.of().formatHex(sha.digest()); // computed as a store must (for its history), not kept here
            Files.move(tmp, seg.resolve(name), StandardCopyOption.ATOMIC_MOVE);
        }
        IngestFloor.syncDirectory(seg);
        IngestFloor.syncDirectory(day);
        return true;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** (b): a Javalin route with Javalin's default Jetty (the settings of {@link IngestFloor.Jetty} applied). */
    private static final class OnJavalin extends FloorServer {
        private final Javalin app;
        private final IngestFloor.Jetty jetty;

        OnJavalin(Path dir, IngestFloor.Jetty jetty) throws IOException {
            super(dir);
            this.jetty = jetty;
            app = Javalin.create(c -> {
                c.startup.showJavalinBanner = false;
                c.concurrency.useVirtualThreads = jetty.virtualThreads();
                if (jetty.inputKib() > 0) {
                    c.jetty.modifyHttpConfiguration(h -> h.setInputBufferSize(jetty.inputKib() * 1024));
                }
                c.routes.post("/ingest", ctx -> {
                    if (store(ctx.header("Content-Type"), ctx.req().getInputStream())) {
                        ctx.contentType("application/json").result("{\"status\":\"ok\"}");
                    } else {
                        ctx.status(400).result("{\"status\":\"error\"}");
                    }
                });
            });
            app.start("127.0.0.1", 0);
        }

        @Override
        String url() {
            return "http://127.0.0.1:" + app.port() + "/ingest";
        }

        @Override
        String shown() {
            return "(b) bare Javalin handler" + jetty.shown() + ", same clients";
        }

        @Override
        public void close() {
            app.stop();
        }
    }

    /** (c): a blocking Jetty core handler on a plain server connector (the input buffer size of the settings). */
    private static final class OnJettyCore extends FloorServer {
        private final Server server = new Server();
        private final ServerConnector connector;

        OnJettyCore(Path dir, IngestFloor.Jetty jetty) throws IOException {
            super(dir);
            HttpConfiguration http = new HttpConfiguration();
            if (jetty.inputKib() > 0) {
                http.setInputBufferSize(jetty.inputKib() * 1024);
            }
            connector = new ServerConnector(server, new HttpConnectionFactory(http));
            connector.setHost("127.0.0.1");
            connector.setPort(0);
            server.addConnector(connector);
            server.setHandler(new Handler.Abstract() {
                @Override
                public boolean handle(Request request, Response response, Callback callback) throws IOException {
                    boolean ok = store(request.getHeaders().get("Content-Type"),
                            Content.Source.asInputStream(request));
                    response.setStatus(ok ? 200 : 400);
                    response.getHeaders().put("Content-Type", "application/json");
                    Content.Sink.write(response, true, ok ? "{\"status\":\"ok\"}" : "{\"status\":\"error\"}",
                            callback);
                    return true;
                }
            });
            try {
                server.start();
            } catch (Exception e) {
                throw new IOException("cannot start the Jetty core floor: " + e.getMessage(), e);
            }
        }

        @Override
        String url() {
            return "http://127.0.0.1:" + connector.getLocalPort() + "/ingest";
        }

        @Override
        String shown() {
            return "(c) bare Jetty core handler, no servlet";
        }

        @Override
        public void close() throws Exception {
            server.stop();
        }
    }
}
