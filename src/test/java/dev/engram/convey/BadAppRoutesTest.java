package dev.engram.convey;

import static org.assertj.core.api.Assertions.assertThat;

import dev.engram.journal.Journal;
import dev.engram.testing.HttpSession;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One app whose routes fail never stops the others: it is dropped whole, the rest are served. */
class BadAppRoutesTest {
    @TempDir
    Path dir;

    @Test
    void anAppWhoseRoutesThrowOrClashIsDroppedAndTheOthersAreServed() {
        ConveyApp throwing = new TestApp("broken", AppInfo.of("x", "Broken")) {
            @Override
            public void routes(AppRoutes routes) {
                routes.get("/api/public", ctx -> ctx.result("half"), Access.PUBLIC);
                throw new IllegalStateException("a ServiceLoader app's bug");
            }
        };
        ConveyApp twice = new TestApp("twice", AppInfo.of("x", "Twice")) {
            @Override
            public void routes(AppRoutes routes) {
                routes.get("/api/public", ctx -> ctx.result("one"), Access.PUBLIC);
                routes.get("/api/public", ctx -> ctx.result("two"), Access.PUBLIC);
            }
        };
        List<ConveyApp> apps = List.of(new TestApp("home", AppInfo.of("h", "Home")), throwing, twice,
                new TestApp("todos", AppInfo.of("t", "Todos")));
        Convey c = Convey.builder(Journal.create(dir, "")).host("127.0.0.1").port(0).apps(apps).build();
        try {
            String url = c.start();
            HttpSession http = new HttpSession(url);
            assertThat(http.get("/app/home/api/public").body()).isEqualTo("public");
            assertThat(http.get("/app/todos/api/public").body()).isEqualTo("public");
            assertThat(http.get("/app/broken/api/public").statusCode()).as("none of its routes").isEqualTo(404);
            assertThat(http.get("/app/twice/api/public").statusCode()).isEqualTo(404);
        } finally {
            c.stop();
        }
    }
}
