package dev.engram.cortex.runs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.engram.app.AppContext;
import dev.engram.callosum.Emitter;
import dev.engram.app.ServiceRegistry;
import dev.engram.cortex.api.AgentRequest;
import dev.engram.cortex.api.Agents;
import dev.engram.cortex.api.Providers;
import dev.engram.cortex.api.RunEvent;
import dev.engram.cortex.outbound.OutboundHttp;
import dev.engram.cortex.providers.ProviderService;
import dev.engram.journal.AgentEvent;
import dev.engram.journal.Extra;
import dev.engram.journal.Facet;
import dev.engram.journal.Journal;
import dev.engram.journal.JournalConfig;
import dev.engram.testing.BulkJournal;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/**
 * The run is prepared while its file is claimed (pipelined), so what a claim that fails must leave is checked here:
 * an id another runner holds gets no line, no event, no provider request; the run goes on under a fresh id. And the
 * owner's identity and facets, kept between runs, follow edits (through the journal, and by hand).
 */
class RunClaimTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    /** A fixed clock: the first id this process would take is {@code T}. */
    private static final long T = Instant.parse("2026-11-30T12:00:00Z").toEpochMilli();
    @TempDir
    Path dir;
    MockWebServer openai;
    Journal journal;
    Runs runs;

    @BeforeEach
    void start() throws Exception {
        openai = new MockWebServer();
        openai.start();
        journal = BulkJournal.create(dir.resolve("journal"), "Claim Owner");
        journal.updateConfig(c -> new JournalConfig(c.identity(), c.convey(), c.extra().with("providers",
                JsonMapper.builder().build().readTree("{\"endpoints\":{\"local\":{\"type\":\"openai-compatible\","
                        + "\"base_url\":\"" + openai.url("/v1") + "\",\"model\":\"gpt-test\"}}}"))));
        ServiceRegistry registry = new ServiceRegistry();
        registry.register(Providers.class, new ProviderService(journal, new OutboundHttp(journal), Map.of(),
                Clock.systemDefaultZone()));
        runs = new Runs(AppContext.of(journal, Emitter.none(), registry), 4, Clock.fixed(Instant.ofEpochMilli(T),
                ZoneId.of("UTC")));
        registry.register(Agents.class, runs);
        runs.start();
    }

    @AfterEach
    void stop() {
        runs.stop();
        openai.close();
    }

    @Test
    void anIdHeldByAnotherRunnerIsLeftAloneAndTheRunTakesAFreshOne() throws Exception {
        String taken = Long.toString(T);
        AgentEvent theirs = new AgentEvent("request", OptionalLong.of(T), Optional.of(taken),
                Extra.parse("{\"prompt\":\"theirs\",\"persona\":\"default\"}"));
        assertThat(journal.agents().create(taken, theirs)).isTrue();
        journal.agents().complete(taken);
        openai.enqueue(OpenAiWire.text(10, 2, "Hi"));
        List<RunEvent> got = new CopyOnWriteArrayList<>();
        String id = runs.start(AgentRequest.of("Say hi", "default"), got::add);
        await().atMost(WAIT).until(() -> got.stream().anyMatch(RunEvent::ends) && runs.settled(id));
        assertThat(id).isEqualTo(Long.toString(T + 1));
        assertThat(got).extracting(RunEvent::event).containsSubsequence("request", "start", "token", "finish");
        assertThat(got).extracting(RunEvent::agentId).containsOnly(id);
        assertThat(journal.agents().read(taken).orElseThrow().events()).extracting(AgentEvent::event)
                .containsExactly("request");
        assertThat(journal.agents().read(id).orElseThrow().events().getFirst().fields().toMap())
                .containsEntry("prompt", "Say hi");
        assertThat(openai.getRequestCount()).isEqualTo(1);
    }

    @Test
    void theInstructionsFollowEditsOfTheFacetsAndTheIdentity() throws Exception {
        journal.facetStore("work").create(new Facet("work", "Day job", "", "", "", false, Extra.empty()));
        assertThat(ask()).contains("- work: Day job").contains("Claim Owner");
        assertThat(ask()).contains("- work: Day job");
        journal.facetStore("work").update(f -> new Facet(f.name(), "Night shift", f.description(), f.color(),
                f.emoji(), f.muted(), f.extra()));
        journal.facetStore("home").create(new Facet("home", "Household", "", "", "", false, Extra.empty()));
        assertThat(ask()).contains("- work: Night shift").contains("- home: Household").doesNotContain("Day job");
        // by hand, as the owner editing config/journal.json: the same file rewritten in place
        Path config = journal.root().resolve("config/journal.json");
        java.nio.file.Files.writeString(config, java.nio.file.Files.readString(config)
                .replace("Claim Owner", "Claim Ownex"));
        assertThat(ask()).contains("Claim Ownex");
    }

    /** One run; answers the system instructions the provider got. */
    private String ask() throws Exception {
        openai.enqueue(OpenAiWire.text(10, 2, "ok"));
        String id = runs.start(AgentRequest.of("Who am I?", "default"));
        await().atMost(WAIT).until(() -> runs.settled(id));
        var body = JsonMapper.builder().build().readTree(openai.takeRequest(5, TimeUnit.SECONDS).getBody().utf8());
        return body.get("messages").get(0).get("content").asString();
    }
}
