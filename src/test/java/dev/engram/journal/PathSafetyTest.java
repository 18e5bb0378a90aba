package dev.engram.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every name that can come from outside is validated: traversal, absolute paths, separators, NUL, control characters
 * and hidden names are refused with an {@link InvalidNameException} naming the problem and what is accepted, and
 * nothing is written outside (or, for a refused name, inside) the journal root.
 */
class PathSafetyTest {
    static final List<String> BAD = List.of("..", ".", "../x", "a/../../x", "../../etc/passwd", "/etc/passwd",
            "/tmp/x", "a/b", "a\\b", "..\\x", "C:\\x", "x\u0000y", "x\ny", "tab\there", "\u007f", ".hidden", "",
            "..hidden", "a/./b");

    @TempDir
    Path tmp;
    Path root;
    Journal journal;
    Segment segment;

    @BeforeEach
    void setUp() {
        root = tmp.resolve("outer").resolve("journal"); // "../../x" lands in tmp, not in the shared /tmp
        journal = Journal.create(root, "Owner");
        segment = journal.days().createSegment(Day.of(2024, 1, 1), SegmentKey.parse("120000_300"));
    }

    /** Each way a name from outside reaches a path, as an action taking that name. */
    private List<Consumer<String>> entryPoints() {
        Day day = Day.of(2024, 1, 1);
        SegmentFiles files = journal.days().files(segment);
        AgentEvent event = new AgentEvent("start", java.util.OptionalLong.of(1), Optional.empty(), Extra.empty());
        List<Consumer<String>> all = new ArrayList<>();
        all.add(Names::facet);
        all.add(Names::app);
        all.add(Names::agentId);
        all.add(Names::fileName);
        all.add(journal::facetStore);
        all.add(n -> journal.facetStore(n).save(Facet.named(n)));
        all.add(journal::appStorage);
        all.add(n -> journal.writeAppFile(n, "x", "f.txt"));
        all.add(n -> journal.writeAppFile("app", "x", n));
        all.add(n -> journal.writeAppFile("app", "x", "sub", n));
        all.add(n -> journal.readAppFile("app", n));
        all.add(Day::parse);
        all.add(SegmentKey::parse);
        all.add(n -> journal.days().writeInsight(day, n, "# x"));
        all.add(files::file);
        all.add(n -> files.writeBytes(n, new byte[] {1}));
        all.add(n -> files.writeInsight(n, "# x"));
        all.add(n -> files.writeAudio(new AudioTranscript(n, AudioTranscript.FORMAT, Extra.empty(), List.of())));
        all.add(n -> journal.agents().append(n, event));
        all.add(n -> journal.agents().complete(n));
        all.add(n -> journal.agents().status(n));
        all.add(n -> journal.agents().read(n));
        return all;
    }

    @Test
    void everyEntryPointRefusesEveryBadNameAndWritesNothing() {
        List<String> before = TestJournals.files(tmp);
        List<Consumer<String>> entryPoints = entryPoints();
        for (String bad : BAD) {
            for (int i = 0; i < entryPoints.size(); i++) {
                Consumer<String> entry = entryPoints.get(i);
                assertThatThrownBy(() -> entry.accept(bad)).as("entry point %d with %s", i, Names.shown(bad))
                        .isInstanceOf(InvalidNameException.class)
                        .hasMessageContaining(Names.shown(bad).substring(0, Math.min(Names.shown(bad).length(), 6)));
            }
        }
        assertThat(TestJournals.files(tmp)).as("no file written anywhere").isEqualTo(before);
        assertThat(tmp.resolve("x")).doesNotExist(); // /tmp/x itself is shared: other processes may create it
        assertThat(tmp.resolve("outer").resolve("x")).doesNotExist();
    }

    @ParameterizedTest
    @ValueSource(strings = {"work", "full-featured", "a_b", "X1"})
    void ordinaryFacetNamesAreAccepted(String name) {
        assertThat(Names.facet(name)).isEqualTo(name);
        journal.facetStore(name).save(Facet.named(name));
        assertThat(root.resolve("facets").resolve(name).resolve("facet.json")).isRegularFile();
    }

    @Test
    void messagesNameTheProblemAndWhatIsAccepted() {
        assertMessage(() -> Names.facet("a/../../x"), "invalid facet name 'a/../../x'", "'..'", "use 1-64 letters");
        assertMessage(() -> Names.facet("/etc"), "'/etc'", "absolute path", "use 1-64 letters");
        assertMessage(() -> Names.facet("a/b"), "path separator", "use 1-64 letters");
        assertMessage(() -> Names.app("x\u0000y"), "'x\\u0000y'", "NUL or control character", "lowercase letters");
        assertMessage(() -> Names.agentId(".hidden"), "hidden", "letters, digits");
        assertMessage(() -> Names.facet(""), "empty");
        assertMessage(() -> Names.facet("caf\u00e9"), "not allowed", "use 1-64 letters");
        assertMessage(() -> Names.fileName("../x"), "'../x'", "'..' (a parent folder)", "plain file name");
        assertMessage(() -> Names.fileName(".."), "'..'", "'..' (a parent folder)", "plain file name");
        assertMessage(() -> Names.fileName("/abs"), "absolute path", "plain file name");
        assertMessage(() -> Names.fileName("a/b"), "path separator", "plain file name");
        assertMessage(() -> Names.fileName(".env"), "hidden", "plain file name");
        assertMessage(() -> Names.fileName("a\tb"), "'a\\u0009b'", "control character");
        assertMessage(() -> Names.fileName(""), "empty");
        assertMessage(() -> Names.fileName("x".repeat(300)), "longer than 255 bytes");
        assertMessage(() -> Day.parse("../20240101"), "invalid day '../20240101'", "YYYYMMDD");
        assertMessage(() -> SegmentKey.parse("../120000_300"), "invalid segment", "HHMMSS_LEN");
    }

    private static void assertMessage(ThrowingCallable call, String... parts) {
        assertThatThrownBy(call).isInstanceOf(InvalidNameException.class).satisfies(e -> {
            for (String part : parts) {
                assertThat(e.getMessage()).contains(part);
            }
        });
    }

    @Test
    void theStoreRefusesAPathOutsideTheRootEvenFromInternalCallers() {
        assertThatThrownBy(() -> journal.store().path("facets", "..", "..", "x"))
                .isInstanceOf(InvalidNameException.class).hasMessageContaining("outside the journal");
        assertThat(journal.store().path("facets", "work")).isEqualTo(journal.root().resolve("facets/work"));
    }
}
