package dev.engram.convey;

import dev.engram.callosum.Message;
import dev.engram.journal.Journal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** A Convey on a temporary journal, bound to 127.0.0.1 on a free port, with the test apps. */
final class ConveyFixture implements AutoCloseable {
    static final String PASSWORD = "correct horse battery";
    final Journal journal;
    final Convey convey;
    final String url;
    final List<Message> emitted = new CopyOnWriteArrayList<>();
    final List<ConveyApp> apps = TestApp.standard();

    ConveyFixture(Path dir) {
        this(dir, Duration.ofSeconds(20));
    }

    ConveyFixture(Path dir, Duration heartbeat) {
        journal = Journal.create(dir, "");
        convey = Convey.builder(journal).host("127.0.0.1").port(0).apps(apps)
                .emitter(emitted::add).heartbeat(heartbeat).build();
        url = convey.start();
    }

    /** Sets the password directly (as 'engram password' does). */
    ConveyFixture withPassword() {
        Passwords.set(journal, PASSWORD.toCharArray());
        return this;
    }

    ConveyFixture trustLocalhost(boolean trust) {
        journal.updateConfig(c -> c.withConvey(c.convey().withTrustLocalhost(trust)));
        return this;
    }

    Http client() {
        return new Http(url);
    }

    /** A client that has logged in. */
    Http loggedIn() {
        Http h = client();
        var r = h.postForm("/login", Map.of("password", PASSWORD, "_csrf", h.csrf()));
        if (r.statusCode() != 302 || h.cookie(Guard.SESSION_COOKIE).isEmpty()) {
            throw new IllegalStateException("login failed: " + r.statusCode() + " " + r.body());
        }
        return h;
    }

    @Override
    public void close() {
        convey.stop();
    }
}
