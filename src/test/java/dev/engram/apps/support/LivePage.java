package dev.engram.apps.support;

import dev.engram.app.ServiceRegistry;
import dev.engram.callosum.Message;
import dev.engram.convey.ConveyApp;
import dev.engram.journal.Journal;
import dev.engram.journal.JournalChanges;
import dev.engram.testing.Browser;
import java.util.List;

/**
 * An app's page in a real browser, live: a {@link JournalServer} whose journal changes reach the page as the bus event
 * {@code journal.changed} (as boot's journal-feed sends them), and a browser logged in as the owner. Closing closes
 * the browser, the feed and the server, each even when another fails.
 */
public final class LivePage implements AutoCloseable {
    public final JournalServer server;
    public final Browser browser;
    private final JournalChanges.Subscription feed;

    public LivePage(Journal journal, ServiceRegistry services, List<? extends ConveyApp> apps) {
        server = new JournalServer(journal, services, apps);
        feed = server.journal.changes().subscribe(c -> server.convey.publish(
                Message.of("journal", "changed", c.fields())));
        browser = Browser.start(1280, 900);
        browser.logIn(server.url, AppServer.PASSWORD);
    }

    @Override
    public void close() {
        try {
            browser.close();
        } finally {
            try {
                feed.close();
            } finally {
                server.close();
            }
        }
    }
}
