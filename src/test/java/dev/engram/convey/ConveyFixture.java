package dev.engram.convey;

import dev.engram.callosum.Message;
import dev.engram.journal.Journal;
import dev.engram.testing.BulkJournal;
import dev.engram.testing.HttpSession;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A started Convey on a journal in {@code dir}, bound to 127.0.0.1 on a free port; emitted messages are collected in
 * {@link #emitted}. Reusable by app tests: {@code new ConveyFixture(dir, List.of(myApp)).withPassword().loggedIn()}.
 */
public final class ConveyFixture implements AutoCloseable {
    public static final String PASSWORD = "correct horse battery";
    public final Journal journal;
    public final Convey convey;
    public final String url;
    public final List<Message> emitted = new CopyOnWriteArrayList<>();
    public final List<ConveyApp> apps;
    /** The bearer-token verifier Convey finds at request time (none at first). */
    public final java.util.concurrent.atomic.AtomicReference<BearerVerifier> verifier =
            new java.util.concurrent.atomic.AtomicReference<>();

    ConveyFixture(Path dir) {
        this(dir, TestApp.standard(), Duration.ofSeconds(20));
    }

    ConveyFixture(Path dir, Duration heartbeat) {
        this(dir, TestApp.standard(), heartbeat);
    }

    public ConveyFixture(Path dir, List<? extends ConveyApp> apps) {
        this(dir, apps, Duration.ofSeconds(20));
    }

    public ConveyFixture(Path dir, List<? extends ConveyApp> apps, Duration heartbeat) {
        this.apps = List.copyOf(apps);
        journal = BulkJournal.create(dir, ""); // durability is not under test here
        convey = Convey.builder(journal).host("127.0.0.1").port(0).apps(this.apps)
                .emitter(emitted::add).heartbeat(heartbeat)
                .bearer(() -> java.util.Optional.ofNullable(verifier.get())).build();
        url = convey.start();
    }

    /** Sets the password directly (as 'engram password' does, with a ready-made hash: {@link TestPasswords}). */
    public ConveyFixture withPassword() {
        TestPasswords.store(journal, TestPasswords.CORRECT_HORSE);
        return this;
    }

    public ConveyFixture trustLocalhost(boolean trust) {
        journal.updateConfig(c -> c.withConvey(c.convey().withTrustLocalhost(trust)));
        return this;
    }

    public HttpSession client() {
        return new HttpSession(url);
    }

    /** A client that has logged in. */
    public HttpSession loggedIn() {
        return client().login(PASSWORD);
    }

    @Override
    public void close() {
        convey.stop();
    }
}
