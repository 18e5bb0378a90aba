package dev.engram.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.engram.callosum.Emitter;
import dev.engram.callosum.Message;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MatchingTest {
    @TempDir
    Path dir;
    Fixtures fx;
    EventDispatcher dispatcher;

    @BeforeEach
    void setUp() {
        fx = new Fixtures(dir);
        // one worker: handler runs start in submission order, so the recorded order is the match order
        dispatcher = fx.dispatcher(Fixtures.quick().withWorkers(1));
    }

    @AfterEach
    void tearDown() {
        dispatcher.reset();
    }

    @Test
    void lookupOrderIsExactThenTractWildcardThenEventWildcardThenAnyAndOncePerMatch() {
        assertThat(dispatcher.register(List.of(new MatchApp())).ok()).isTrue();

        assertThat(dispatcher.handlerCount()).isEqualTo(6);
        assertThat(dispatcher.handlersFor("t", "e")).containsExactly("matcher:MatchApp#exact",
                "matcher:MatchApp#multi", "matcher:MatchApp#tractAny", "matcher:MatchApp#eventAny",
                "matcher:MatchApp#any", "matcher:MatchApp#multi");
        assertThat(dispatcher.handlersFor("t", "x")).containsExactly("matcher:MatchApp#tractAny",
                "matcher:MatchApp#any", "matcher:MatchApp#multi");
        assertThat(dispatcher.handlersFor("o", "e")).containsExactly("matcher:MatchApp#eventAny",
                "matcher:MatchApp#any", "matcher:MatchApp#multi");
        assertThat(dispatcher.handlersFor("o", "x")).containsExactly("matcher:MatchApp#any",
                "matcher:MatchApp#multi");
    }

    @Test
    void dispatchRunsEachMatchOnceInOrder() throws InterruptedException {
        MatchApp app = new MatchApp();
        dispatcher.register(List.of(app));
        dispatcher.start();

        dispatcher.dispatch(Message.of("t", "e"));
        dispatcher.dispatch(Message.of("o", "x"));
        Waits.until("8 handler runs", () -> app.runs.size() == 8);

        assertThat(app.runs).containsExactly("exact:t/e", "multi:t/e", "tractAny:t/e", "eventAny:t/e", "any:t/e",
                "multi:t/e", "any:o/x", "multi:o/x");
        assertThat(dispatcher.stats().handlerRuns()).isEqualTo(8);
        assertThat(dispatcher.stats().dispatched()).isEqualTo(2);
    }

    /** Sees the whole context and emits a reply. */
    public static class ContextApp implements App {
        final List<EventContext> seen = new CopyOnWriteArrayList<>();
        final List<Boolean> emitResults = new CopyOnWriteArrayList<>();
        AppContext started;

        @Override
        public String name() {
            return "ctx_app";
        }

        @Override
        public void start(AppContext context) {
            started = context;
        }

        @OnEvent(tract = "observe", event = "*")
        public void on(EventContext ctx) {
            seen.add(ctx);
            emitResults.add(ctx.emit("ctx_app", "seen", Map.of("segment", ctx.msg().string("segment").orElse(""))));
        }
    }

    @Test
    void handlerGetsMessageAppTractEventJournalAndEmit() throws InterruptedException {
        ContextApp app = new ContextApp();
        dispatcher.register(List.of(app));
        assertThat(app.started).as("start called at registration").isNotNull();
        assertThat(app.started.journal()).isSameAs(fx.journal);
        dispatcher.start();
        Message msg = Message.of("observe", "observed", Map.of("segment", "120000_300"));

        assertThat(dispatcher.dispatch(msg)).isTrue();
        Waits.until("emitted reply", () -> fx.emitted.size() == 1);

        EventContext ctx = app.seen.getFirst();
        assertThat(ctx.msg()).isEqualTo(msg);
        assertThat(ctx.app()).isEqualTo("ctx_app");
        assertThat(ctx.tract()).isEqualTo("observe");
        assertThat(ctx.event()).isEqualTo("observed");
        assertThat(ctx.journal()).isSameAs(fx.journal);
        assertThat(fx.emitted.getFirst()).isEqualTo(Message.of("ctx_app", "seen", Map.of("segment", "120000_300")));
        assertThat(app.emitResults).containsExactly(true);
    }

    @Test
    void emitReturnsFalseWhenTheEmitterFails() {
        AppContext failing = AppContext.of(fx.journal, m -> {
            throw new IllegalStateException("bus down");
        });
        assertThat(failing.emit("a", "b", Map.of())).isFalse();
        assertThat(AppContext.of(fx.journal, Emitter.none()).emit("a", "b", Map.of())).isFalse();
    }

    @Test
    void manyDistinctEventsStayCorrectBeyondTheCacheLimit() {
        dispatcher.register(List.of(new MatchApp()));
        for (int i = 0; i < DispatchTable.CACHE_LIMIT + 10; i++) {
            assertThat(dispatcher.handlersFor("x" + i, "y")).hasSize(2);
        }
        assertThat(dispatcher.handlersFor("t", "e")).hasSize(6);
    }
}
