package dev.engram.apps.support;

import dev.engram.testing.HttpSession;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Route tests that share one {@link AppServer} per test class, over a temporary journal, with a logged-in
 * {@link #http} session. One instance per class holds them: test classes run in parallel, and the static fields this
 * base once had were shared by every subclass, so one class's clean-up stopped another's server mid-request.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class RoutesTestBase {
    protected AppServer server;
    protected HttpSession http;

    @BeforeAll
    void startServer(@TempDir Path dir) {
        server = new AppServer(dir);
        http = server.client();
    }

    @AfterAll
    void stopServer() {
        server.close();
    }
}
