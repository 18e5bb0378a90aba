package dev.engram.apps.support;

import dev.engram.apps.home.HomeApp;
import dev.engram.apps.live.LiveApp;
import dev.engram.apps.settings.SettingsApp;
import dev.engram.apps.transcripts.TranscriptsApp;
import dev.engram.convey.Convey;
import dev.engram.convey.TestPasswords;
import dev.engram.journal.Journal;
import dev.engram.testing.BulkJournal;
import dev.engram.testing.HttpSession;
import java.nio.file.Path;
import java.util.List;

/**
 * A real Convey server on 127.0.0.1 (free port) over a temporary journal filled with {@link TestJournal}, serving the
 * four built-in apps. The owner's password is {@link #PASSWORD}; localhost is not trusted, so clients log in.
 */
public final class AppServer implements AutoCloseable {
    public static final String PASSWORD = "apps test password";
    public final Journal journal;
    public final Convey convey;
    public final String url;

    public AppServer(Path dir) {
        this(dir, true);
    }

    /** A server over a journal filled with {@link TestJournal}, or (with {@code fill} false) a fresh, empty one. */
    public AppServer(Path dir, boolean fill) {
        journal = BulkJournal.create(dir, "Test Owner"); // durability is not under test here
        if (fill) {
            TestJournal.fill(dir);
        }
        TestPasswords.store(journal, TestPasswords.APPS_TEST); // a ready-made hash of PASSWORD: no PBKDF2 per server
        journal.updateConfig(c -> c.withConvey(c.convey().withTrustLocalhost(false)));
        convey = Convey.builder(journal).host("127.0.0.1").port(0)
                .apps(List.of(new HomeApp(), new TranscriptsApp(), new SettingsApp(), new LiveApp())).build();
        url = convey.start();
    }

    /** A client that has logged in with the owner's password. */
    public HttpSession client() {
        return anonymous().login(PASSWORD);
    }

    /** A client that has not logged in. */
    public HttpSession anonymous() {
        return new HttpSession(url);
    }

    @Override
    public void close() {
        convey.stop();
    }
}
