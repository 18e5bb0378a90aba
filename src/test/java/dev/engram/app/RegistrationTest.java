package dev.engram.app;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.ResourceLock;

@ResourceLock(LogCapture.LOCK)
class RegistrationTest {
    private static final String FIX = "; declare it as: public void handle(EventContext ctx)";
    @TempDir
    Path dir;
    EventDispatcher dispatcher;

    @BeforeEach
    void setUp() {
        dispatcher = new Fixtures(dir).dispatcher(Fixtures.quick());
    }

    @AfterEach
    void tearDown() {
        dispatcher.reset();
    }

    private RegistrationFailure only(App bad) {
        RegistrationReport report = dispatcher.register(List.of(bad));
        assertThat(report.registered()).isEmpty();
        assertThat(report.failures()).hasSize(1);
        return report.failures().getFirst();
    }

    @Test
    void wrongParametersNameTheMethodAndTheFix() {
        assertThat(only(new BadApps.TwoParams()).problems()).containsExactly("TwoParams#handle must take exactly one"
                + " EventContext parameter, but takes (EventContext, String)" + FIX);
        assertThat(only(new BadApps.WrongType()).problems()).containsExactly("WrongType#handle must take exactly one"
                + " EventContext parameter, but takes (String)" + FIX);
        assertThat(only(new BadApps.NoParams()).problems()).containsExactly("NoParams#handle must take exactly one"
                + " EventContext parameter, but takes no parameters" + FIX);
    }

    @Test
    void nonVoidStaticAndNonPublicHandlersAreRefused() {
        assertThat(only(new BadApps.NonVoid()).problems()).containsExactly(
                "NonVoid#handle must return void, not String (use ctx.emit(...) to send results)" + FIX);
        assertThat(only(new BadApps.StaticHandler()).problems()).containsExactly(
                "StaticHandler#handle must not be static (handlers run on the registered app instance)" + FIX);
        assertThat(only(new BadApps.NotPublic()).problems()).containsExactly("NotPublic#handle must be public" + FIX);
    }

    @Test
    void blankTractAndEventAreRefused() {
        RegistrationFailure f = only(new BadApps.BlankPattern());
        assertThat(f.app()).isEqualTo("blank_pattern");
        assertThat(f.appClass()).isEqualTo(BadApps.BlankPattern.class.getName());
        assertThat(f.problems()).containsExactly(
                "BlankPattern#handle has a blank tract in @OnEvent; give a tract name, or \"*\" for any tract",
                "BlankPattern#handle has a blank event in @OnEvent; give an event name, or \"*\" for any event");
    }

    @Test
    void invalidDuplicateAndFailingAppsAreRefused() {
        assertThat(only(new BadApps.BadName()).message()).isEqualTo("BadName#name: invalid app name 'Bad-Name': it"
                + " contains a character that is not allowed; use lowercase letters, digits or '_', starting with a letter (no path separators, '..' or absolute"
                + " paths)");
        assertThat(dispatcher.register(List.of(new BadApps.Named("dup"))).ok()).isTrue();
        assertThat(only(new BadApps.Named("dup")).message()).isEqualTo("Named#name: app name 'dup' is already"
                + " registered by dev.engram.app.BadApps$Named; give each app a unique name");
        assertThat(only(new BadApps.FailingStart()).message()).isEqualTo("FailingStart#start failed:"
                + " java.lang.IllegalStateException: no config; fix the app or leave it out");
        assertThat(dispatcher.apps()).containsExactly("dup");
        assertThat(dispatcher.handlerCount()).isEqualTo(1);
    }

    @Test
    void badAppsNeverStopTheOthersFromLoading() {
        BadApps.Named first = new BadApps.Named("first");
        BadApps.Named last = new BadApps.Named("last");
        RegistrationReport report;
        try (LogCapture log = new LogCapture(EventDispatcher.class, Level.INFO)) {
            report = dispatcher.register(List.of(first, new BadApps.TwoParams(), new BadApps.BadName(),
                    new BadApps.FailingStart(), new BadApps.StaticHandler(), last));
            assertThat(log.messages(Level.WARN)).contains("app two_params (dev.engram.app.BadApps$TwoParams) not"
                    + " registered: TwoParams#handle must take exactly one EventContext parameter, but takes"
                    + " (EventContext, String)" + FIX);
        }

        assertThat(report.ok()).isFalse();
        assertThat(report.registered()).containsExactly("first", "last");
        assertThat(report.failures()).extracting(RegistrationFailure::app)
                .containsExactly("two_params", "?", "failing_start", "static_handler");
        assertThat(first.started).isTrue();
        assertThat(last.started).isTrue();
        assertThat(dispatcher.apps()).containsExactly("first", "last");
        assertThat(dispatcher.handlersFor("t", "e")).containsExactly("first:Named#handle", "last:Named#handle");
    }

    @Test
    void appsStartWithoutHoldingTheDispatchersLock() {
        // an app whose start waits for another thread using the dispatcher: under a lock this would deadlock
        java.util.concurrent.atomic.AtomicReference<RegistrationReport> other = new java.util.concurrent.atomic
                .AtomicReference<>();
        App waiting = new App() {
            @Override
            public String name() {
                return "waiting";
            }

            @Override
            public void start(AppContext context) {
                Thread t = new Thread(() -> other.set(dispatcher.register(List.of(new BadApps.Named("other")))));
                t.start();
                try {
                    t.join(5000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        assertThat(dispatcher.register(List.of(waiting)).registered()).containsExactly("waiting");
        assertThat(other.get()).as("the other registration finished while 'waiting' was starting").isNotNull();
        assertThat(other.get().registered()).containsExactly("other");
        assertThat(dispatcher.apps()).containsExactly("other", "waiting");
    }

    @Test
    void anAppWithoutHandlersRegisters() {
        App plain = () -> "plain";
        assertThat(dispatcher.register(List.of(plain)).registered()).containsExactly("plain");
        assertThat(dispatcher.handlerCount()).isZero();
    }

    @Test
    void anonymousAppsAreNamedByTheirFullClassNameAndNullIsRefused() {
        App anonymous = new App() {
            @Override
            public String name() {
                return "anon";
            }

            @OnEvent(tract = "t", event = "e")
            public int handle(EventContext ctx) {
                return 1;
            }
        };
        List<App> apps = new java.util.ArrayList<>();
        apps.add(null);
        apps.add(anonymous);
        RegistrationReport report = dispatcher.register(apps);
        assertThat(report.failures()).extracting(RegistrationFailure::message).containsExactly(
                "null in the app list; leave it out", anonymous.getClass().getName()
                        + "#handle must return void, not int (use ctx.emit(...) to send results)" + FIX);
    }
}
