package dev.engram.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.engram.index.api.SearchQuery;
import dev.engram.journal.AgentEvent;
import dev.engram.journal.Extra;
import dev.engram.journal.Journal;
import dev.engram.journal.JournalChanges;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Records of activity (agent runs, chat conversations) are indexed by the minimum-priority follower only, so a chat's
 * own files do not compete with the next message; segments and insights stay the normal-priority follower's.
 */
class BackgroundFollowTest {
    @TempDir
    Path tmp;

    @Test
    void agentRunsAndChatsAreTheBackgroundFollowersAndStillGetIndexed() throws Exception {
        assertThat(ChangeFollower.BACKGROUND).contains("agents/", "apps/chat/");
        Journal j = SmallJournal.create(tmp.resolve("journal"));
        List<String> failures = new CopyOnWriteArrayList<>();
        try (KeywordIndex index = KeywordIndex.open(j, failures::add)) {
            index.catchUp(Optional.empty(), false);
            ChangeFollower follower = new ChangeFollower(() -> index, () -> false, sweep -> { }, failures::add);
            JournalChanges.Subscription sub = j.changes().subscribe(follower::note);
            follower.start();
            try {
                // only the bulk follower takes these: without it (or if it ignored them) they would never be indexed
                j.agents().append("1772550000009", new AgentEvent("request", OptionalLong.of(1772550000000L),
                        Optional.empty(), Extra.empty().with("prompt", "What did the capybara say?")));
                j.agents().complete("1772550000009");
                j.days().writeInsight(SmallJournal.DAY2, "zoo", "The okapi visited.");
                await().atMost(Duration.ofSeconds(20)).until(() -> follower.pending() == 0
                        && index.search(SearchQuery.of("okapi")).total() >= 1);
                // both followers refresh: whichever finished last, the other's changes are visible too
                assertThat(index.search(SearchQuery.of("capybara")).total()).isEqualTo(1);
            } finally {
                sub.close();
                for (Thread t : follower.threads()) {
                    t.interrupt();
                }
            }
        }
        assertThat(failures).isEmpty();
    }
}
