package dev.engram.apps.chat;

import dev.engram.app.AppContext;
import dev.engram.app.ServiceRegistry;
import dev.engram.apps.agents.AgentsApp;
import dev.engram.apps.transcripts.TranscriptsApp;
import dev.engram.callosum.Emitter;
import dev.engram.convey.Convey;
import dev.engram.convey.TestPasswords;
import dev.engram.cortex.api.Agents;
import dev.engram.cortex.api.Providers;
import dev.engram.cortex.api.Tools;
import dev.engram.cortex.runs.Runs;
import dev.engram.journal.Journal;
import dev.engram.testing.BulkJournal;
import dev.engram.testing.HttpSession;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

/**
 * A real Convey with the chat, agents and transcripts apps over a temporary journal, with real agent runs
 * ({@link Runs}) using the given providers and tools through the registry. Password: {@link #PASSWORD}.
 */
public final class ChatAgentsServer implements AutoCloseable {
    public static final String PASSWORD = "apps test password";
    public final Journal journal;
    public final Runs runs;
    public final Convey convey;
    public final String url;

    public ChatAgentsServer(Path dir, Providers providers, Tools tools, int maxRunning) {
        journal = BulkJournal.create(dir, "Chat Owner");
        TestPasswords.store(journal, TestPasswords.APPS_TEST);
        journal.updateConfig(c -> c.withConvey(c.convey().withTrustLocalhost(false)));
        ServiceRegistry registry = new ServiceRegistry();
        if (providers != null) {
            registry.register(Providers.class, providers);
        }
        if (tools != null) {
            registry.register(Tools.class, tools);
        }
        AppContext context = AppContext.of(journal, Emitter.none(), registry);
        runs = new Runs(context, maxRunning, Clock.systemDefaultZone());
        registry.register(Agents.class, runs);
        runs.start();
        convey = Convey.builder(journal).host("127.0.0.1").port(0).context(context)
                .apps(List.of(new ChatApp(), new AgentsApp(), new TranscriptsApp())).build();
        url = convey.start();
    }

    public HttpSession client() {
        return new HttpSession(url).login(PASSWORD);
    }

    @Override
    public void close() {
        convey.stop();
        runs.stop();
    }
}
