package dev.engram.observe.tmux;

import static org.assertj.core.api.Assertions.assertThat;

import dev.engram.journal.Day;
import dev.engram.journal.SegmentKey;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The remote tmux observer's queue per destination, on a real folder: one URL however it is written, another URL
 * another queue (a mistyped --remote never gets this one's backlog) and a notice naming what waits elsewhere, and the
 * single queue of an earlier version adopted with a notice.
 */
class QueueFoldersTest {
    @TempDir
    Path root;

    private static ObservedSegment segment(String time) {
        return new ObservedSegment(Day.parse("20261201"), SegmentKey.of(LocalTime.parse(time), 10),
                Map.of("tmux_s1_screen.jsonl", "{\"raw\":\"tmux\"}\n".getBytes(StandardCharsets.UTF_8)));
    }

    private static UploadQueue queue(Path dir) {
        return new UploadQueue(dir, 100, 10_000_000);
    }

    @Test
    void oneUrlHasOneQueueAndAnotherUrlNeverGetsItsBacklog() throws Exception {
        List<String> notices = new ArrayList<>();
        Path a = QueueFolders.open(root, URI.create("http://127.0.0.1:5881"), notices::add);
        assertThat(a.getFileName().toString()).matches("127\\.0\\.0\\.1_5881-[0-9a-f]{8}");
        assertThat(Files.readString(a.resolve(QueueFolders.DESTINATION))).isEqualTo("http://127.0.0.1:5881\n");
        for (String same : List.of("http://127.0.0.1:5881/", "HTTP://127.0.0.1:5881//")) {
            assertThat(QueueFolders.open(root, URI.create(same), notices::add)).isEqualTo(a);
        }
        assertThat(QueueFolders.open(root, URI.create("http://Engram.LAN/"), notices::add))
                .isEqualTo(QueueFolders.open(root, URI.create("http://engram.lan:80"), notices::add));
        assertThat(notices).isEmpty();
        queue(a).put(segment("10:00:00"));
        queue(a).put(segment("10:00:10"));

        Path typo = QueueFolders.open(root, URI.create("http://127.0.0.1:5889"), notices::add);
        assertThat(typo).isNotEqualTo(a);
        assertThat(queue(typo).entries()).isEmpty();
        assertThat(queue(a).entries()).hasSize(2);
        assertThat(notices).containsExactly("2 segment(s) wait in the queue of http://127.0.0.1:5881 (" + a
                + "): run with --remote http://127.0.0.1:5881 to upload them");
    }

    @Test
    void theSingleQueueOfAnEarlierVersionIsAdoptedByTheFirstRunWithANotice() throws Exception {
        UploadQueue legacy = queue(root);
        legacy.put(segment("09:00:00"));
        legacy.put(segment("09:00:10"));
        List<String> notices = new ArrayList<>();
        Path a = QueueFolders.open(root, URI.create("https://engram.example/base/"), notices::add);
        assertThat(a.getFileName().toString()).startsWith("engram.example_443-");
        assertThat(queue(a).entries()).extracting(e -> e.key().key()).containsExactly("090010_10", "090000_10");
        assertThat(queue(root).entries()).isEmpty();
        assertThat(notices).containsExactly("2 segment(s) queued by an earlier version, which recorded no"
                + " destination, are uploaded to https://engram.example:443/base");
        notices.clear();
        QueueFolders.open(root, URI.create("https://engram.example/base"), notices::add);
        assertThat(notices).isEmpty();
        // one of the same name already queued there: the earlier one stays where it is, and that is said
        legacy.put(segment("09:00:10"));
        legacy.put(segment("09:00:20"));
        QueueFolders.open(root, URI.create("https://engram.example/base"), notices::add);
        assertThat(queue(a).entries()).hasSize(3);
        assertThat(queue(root).entries()).extracting(e -> e.key().key()).containsExactly("090010_10");
        assertThat(notices).containsExactly("1 segment(s) queued by an earlier version, which recorded no"
                + " destination, are uploaded to https://engram.example:443/base", "1 segment(s) queued by an earlier"
                + " version stay in " + root + ": a segment of the same name is queued for"
                + " https://engram.example:443/base already");
    }
}
