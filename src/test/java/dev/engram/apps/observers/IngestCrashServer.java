package dev.engram.apps.observers;

import java.nio.file.Path;

/**
 * The child process of {@link IngestCrashTest}: serves ingest over a journal (a real Convey and IngestService), prints
 * its URL and an observer key, and serves until it is killed.
 */
public final class IngestCrashServer {
    private IngestCrashServer() {
    }

    public static void main(String[] args) throws Exception {
        IngestServer server = new IngestServer(Path.of(args[0]));
        System.out.println("url " + server.url);
        System.out.println("key " + server.key("crash"));
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
