package dev.engram.apps.imports;

import dev.engram.app.AppContext;
import dev.engram.app.ServiceRegistry;
import dev.engram.apps.support.AppServer;
import dev.engram.callosum.Message;
import dev.engram.cortex.outbound.OutboundHttp;
import dev.engram.observe.api.Imports;
import dev.engram.observe.imports.Importer;
import dev.engram.observe.sense.OpenAiTranscriber;
import dev.engram.apps.transcripts.TranscriptsApp;
import dev.engram.convey.Convey;
import dev.engram.convey.TestPasswords;
import dev.engram.journal.Facet;
import dev.engram.journal.Journal;
import dev.engram.testing.HttpSession;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A real Convey server with the Imports and Transcripts apps over a fresh journal with facet "work", and the real
 * importer (audio and video through the journal's configured transcription endpoint); the bus is recorded and its
 * events are shown in the browsers (as a running Engram's are).
 */
final class ImportsServer implements AutoCloseable {
    final Journal journal;
    final Convey convey;
    final String url;
    final Importer importer;
    final List<Message> events = new CopyOnWriteArrayList<>();
    /** Where Jetty buffers the multipart uploads of this server: inside the journal. */
    final Path uploadTemp;

    ImportsServer(Path dir) {
        journal = Journal.create(dir, "Test Owner");
        journal.facetStore("work").create(Facet.named("work"));
        TestPasswords.store(journal, TestPasswords.APPS_TEST);
        journal.updateConfig(c -> c.withConvey(c.convey().withTrustLocalhost(false)));
        Convey[] web = new Convey[1];
        dev.engram.callosum.Emitter bus = m -> { // what the bus would bring back: kept, and shown in the browsers
            events.add(m);
            if (web[0] != null) {
                web[0].publish(m);
            }
            return true;
        };
        importer = Importer.withMedia(journal, bus, OpenAiTranscriber.forJournal(journal, new OutboundHttp(journal)));
        uploadTemp = journal.scratchFolder(ImportsApp.UPLOADS);
        ServiceRegistry registry = new ServiceRegistry();
        registry.register(Imports.class, importer);
        convey = Convey.builder(journal).host("127.0.0.1").port(0).emitter(bus)
                .context(AppContext.of(journal, bus, registry))
                .apps(List.of(new ImportsApp(), new TranscriptsApp())).build();
        web[0] = convey;
        url = convey.start();
    }

    HttpSession client() {
        return new HttpSession(url).login(AppServer.PASSWORD);
    }

    /** A multipart POST with the session's cookies; {@code csrf} false leaves the CSRF header out. */
    HttpResponse<String> upload(HttpSession session, boolean csrf, Map<String, String> fields, String fileName,
                                byte[] content) throws Exception {
        return upload(session, csrf, fields, fileName, content, false);
    }

    /** {@code chunked} sends the body without a Content-Length (as a stream), so only the parser can stop it. */
    HttpResponse<String> upload(HttpSession session, boolean csrf, Map<String, String> fields, String fileName,
                                byte[] content, boolean chunked) throws Exception {
        return upload(session, csrf, List.copyOf(fields.entrySet()),
                fileName == null ? List.of() : List.of(Map.entry(fileName, content)), chunked);
    }

    /** Any fields, each name as often as given, and any {@code file} parts (name and content). */
    HttpResponse<String> upload(HttpSession session, boolean csrf, List<Map.Entry<String, String>> fields,
                                List<Map.Entry<String, byte[]>> files, boolean chunked) throws Exception {
        String boundary = "test-boundary-42";
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (Map.Entry<String, String> f : fields) {
            body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + f.getKey()
                    + "\"\r\n\r\n" + f.getValue() + "\r\n").getBytes(StandardCharsets.UTF_8));
        }
        for (Map.Entry<String, byte[]> file : files) {
            body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\""
                    + file.getKey() + "\"\r\nContent-Type: application/octet-stream\r\n\r\n")
                    .getBytes(StandardCharsets.UTF_8));
            body.writeBytes(file.getValue());
            body.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
        }
        body.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        String cookies = Convey.SESSION_COOKIE + "=" + session.cookie(Convey.SESSION_COOKIE) + "; "
                + Convey.CSRF_COOKIE + "=" + session.csrf();
        HttpRequest.Builder b = HttpRequest.newBuilder(java.net.URI.create(url + "/app/imports/api/upload"))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .header("Cookie", cookies).header("Accept", "application/json")
                .POST(chunked ? HttpRequest.BodyPublishers.ofInputStream(
                        () -> new java.io.ByteArrayInputStream(body.toByteArray()))
                        : HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()));
        if (csrf) {
            b.header(Convey.CSRF_HEADER, session.csrf());
        }
        try (HttpClient c = HttpClient.newHttpClient()) {
            return c.send(b.build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    /** The files (not folders) in the upload staging folder now. */
    List<Path> stagedFiles() throws java.io.IOException {
        try (var s = java.nio.file.Files.walk(uploadTemp)) {
            return s.filter(java.nio.file.Files::isRegularFile).toList();
        }
    }

    @Override
    public void close() {
        convey.stop();
        importer.close();
    }
}
