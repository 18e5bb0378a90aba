package dev.engram.apps.support;

import dev.engram.testing.HttpSession;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * Route tests that share one {@link AppServer} per test class, over a temporary journal, with a logged-in
 * {@link #http} session. Test classes run one at a time, so the static fields belong to the running class.
 */
public abstract class RoutesTestBase {
    @TempDir
    static Path dir;
    protected static AppServer server;
    protected static HttpSession http;

    @BeforeAll
    static void startServer() {
        server = new AppServer(dir);
        http = server.client();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }
}
