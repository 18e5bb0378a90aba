package dev.engram.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.engram.cortex.tools.JournalTools;
import dev.engram.journal.Journal;
import dev.engram.testing.SampleJournal;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * The MCP SDK's HTTP transport starts its session sweeper on a non-daemon Reactor scheduler that it never disposes;
 * the MCP service owns that scheduler and disposes it when it stops, and never takes Reactor's shared ones.
 */
class OwnedSchedulersTest {
    @TempDir
    Path tmp;

    @Test
    void theMcpServiceDisposesTheSchedulerItsTransportStartedWhenItStops() {
        Journal journal = SampleJournal.create(tmp.resolve("journal"));
        McpHttp mcp = new McpHttp(journal, JournalTools.of(journal, Optional::empty, Clock.systemUTC()));
        List<Scheduler> owned = mcp.schedulers().owned();
        assertThat(owned).as("the scheduler of the transport's session sweeper").isNotEmpty()
                .noneMatch(Scheduler::isDisposed);
        mcp.stop();
        assertThat(owned).as("disposed at stop").allMatch(Scheduler::isDisposed);
        assertThat(Schedulers.boundedElastic().isDisposed()).as("Reactor's shared scheduler still serves").isFalse();
    }

    @Test
    void takesWhatTheBuildStartsButNeverTheSharedSchedulers() {
        OwnedSchedulers schedulers = new OwnedSchedulers();
        Scheduler own = schedulers.capture(() -> {
            Schedulers.boundedElastic().schedule(() -> { });
            Schedulers.parallel().schedule(() -> { });
            return Schedulers.newSingle("owned-by-the-test");
        });
        Scheduler outside = Schedulers.newSingle("started-outside-a-capture");
        try {
            assertThat(schedulers.owned()).containsExactly(own);
            schedulers.close();
            assertThat(own.isDisposed()).isTrue();
            assertThat(outside.isDisposed()).as("not taken").isFalse();
            assertThat(Schedulers.parallel().isDisposed()).isFalse();
        } finally {
            outside.dispose();
        }
    }
}
