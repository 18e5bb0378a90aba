package dev.engram.apps.support;

import dev.engram.app.AppContext;
import dev.engram.app.ServiceRegistry;
import dev.engram.callosum.Emitter;
import dev.engram.convey.Convey;
import dev.engram.convey.ConveyApp;
import dev.engram.convey.TestPasswords;
import dev.engram.journal.Journal;
import dev.engram.testing.HttpSession;
import java.util.List;

/**
 * A real Convey server on 127.0.0.1 (free port) over a journal the test wrote itself, serving the given apps with the
 * given services registered (e.g. a started index as the {@code Searcher}). Logging in uses
 * {@link AppServer#PASSWORD}; localhost is not trusted.
 */
public final class JournalServer implements AutoCloseable {
    public final Journal journal;
    public final Convey convey;
    public final String url;

    public JournalServer(Journal journal, ServiceRegistry services, List<? extends ConveyApp> apps) {
        this.journal = journal;
        TestPasswords.store(journal, TestPasswords.APPS_TEST);
        journal.updateConfig(c -> c.withConvey(c.convey().withTrustLocalhost(false)));
        convey = Convey.builder(journal).host("127.0.0.1").port(0).apps(apps)
                .context(AppContext.of(journal, Emitter.none(), services)).build();
        url = convey.start();
    }

    /** A client that has logged in with the owner's password. */
    public HttpSession client() {
        return new HttpSession(url).login(AppServer.PASSWORD);
    }

    public HttpSession anonymous() {
        return new HttpSession(url);
    }

    @Override
    public void close() {
        convey.stop();
    }
}
