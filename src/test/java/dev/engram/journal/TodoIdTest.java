package dev.engram.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A todo's id is its 1-based line number, and edits never move or change other lines, not even malformed ones. */
class TodoIdTest {
    private static final Day DAY = Day.of(2024, 3, 1);
    private static final long NOW = 1_709_400_000_000L;

    @TempDir
    Path tmp;
    Journal journal;
    FacetStore alpha;
    Path file;
    WarningSink.Collecting warnings = TestJournals.sink();

    @BeforeEach
    void setUp() {
        journal = Journal.open(TestJournals.copyFixture("rt", tmp.resolve("j"))).withWarnings(warnings);
        alpha = journal.facetStore("alpha");
        file = journal.root().resolve("facets/alpha/todos/20240301.jsonl");
    }

    /** The file's lines as exact bytes (without the newline). */
    static List<byte[]> lines(Path f) throws Exception {
        byte[] all = Files.readAllBytes(f);
        List<byte[]> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < all.length; i++) {
            if (all[i] == '\n') {
                out.add(Arrays.copyOfRange(all, start, i));
                start = i + 1;
            }
        }
        if (start < all.length) {
            out.add(Arrays.copyOfRange(all, start, all.length));
        }
        return out;
    }

    @Test
    void updateAddAndCancelKeepIdsAndOtherLinesByteForByte() throws Exception {
        List<byte[]> before = lines(file);
        assertThat(before).hasSize(4);
        assertThat(new String(before.get(2), StandardCharsets.UTF_8)).contains("this line is broken");

        Todo updated = alpha.updateTodo(DAY, 2, t -> t.withText("Call Grace back", Optional.of("15:00"), NOW));
        assertThat(updated.id()).isEqualTo(2);
        Todo added = alpha.addTodo(DAY, Todo.open("Order parts", Optional.empty(), NOW));
        assertThat(added.id()).isEqualTo(5);
        Todo cancelled = alpha.updateTodo(DAY, 1, t -> t.withCancelled(true, NOW));
        assertThat(cancelled.id()).isEqualTo(1);

        List<byte[]> after = lines(file);
        assertThat(after).hasSize(5);
        assertThat(after.get(2)).as("malformed line 3 is preserved byte for byte").isEqualTo(before.get(2));
        assertThat(after.get(3)).as("untouched line 4").isEqualTo(before.get(3));
        assertThat(after.get(1)).isNotEqualTo(before.get(1));
        assertThat(after.get(0)).isNotEqualTo(before.get(0));

        List<Todo> todos = alpha.todos(DAY);
        assertThat(todos).extracting(Todo::id).containsExactly(1, 2, 4, 5);
        assertThat(todos).extracting(Todo::text)
                .containsExactly("Buy solder", "Call Grace back", "File report", "Order parts");
        assertThat(todos).extracting(Todo::status).containsExactly(Todo.Status.CANCELLED, Todo.Status.OPEN,
                Todo.Status.DONE, Todo.Status.OPEN);
        assertThat(todos.get(0).extra().string("x_priority")).as("custom field kept through an edit").contains("high");
        assertThat(todos.get(0).updatedAt()).hasValue(NOW);
        assertThat(todos.get(1).time()).contains("15:00");
    }

    @Test
    void aMalformedLineCannotBeEditedAndTheFileStaysUnchanged() throws Exception {
        byte[] before = Files.readAllBytes(file);
        assertThatThrownBy(() -> alpha.updateTodo(DAY, 3, t -> t.withCompleted(true, NOW)))
                .isInstanceOf(JournalException.class).hasMessageContaining("todo 3")
                .hasMessageContaining("not a valid todo line");
        assertThatThrownBy(() -> alpha.updateTodo(DAY, 9, t -> t)).isInstanceOf(JournalException.class)
                .hasMessageContaining("no todo 9");
        assertThat(Files.readAllBytes(file)).isEqualTo(before);
    }

    @Test
    void invalidUtf8LineIsSkippedWithAWarningAndPreservedThroughEdits() throws Exception {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes("{\"text\":\"first\",\"completed\":false}\n".getBytes(StandardCharsets.UTF_8));
        b.writeBytes(new byte[] {'{', '"', 't', 'e', 'x', 't', '"', ':', '"', (byte) 0xff, (byte) 0xfe, '"', '}', '\n'});
        b.writeBytes("{\"text\":\"third\",\"completed\":false}\n".getBytes(StandardCharsets.UTF_8));
        Files.write(file, b.toByteArray());
        byte[] badLine = lines(file).get(1);

        assertThat(alpha.todos(DAY)).extracting(Todo::id).containsExactly(1, 3);
        assertThat(warnings.warnings()).anySatisfy(w -> {
            assertThat(w.file()).isEqualTo("facets/alpha/todos/20240301.jsonl");
            assertThat(w.line()).isEqualTo(2);
            assertThat(w.message()).contains("invalid UTF-8");
        });

        alpha.updateTodo(DAY, 3, t -> t.withCompleted(true, NOW));
        assertThat(alpha.addTodo(DAY, Todo.open("fourth", Optional.empty(), NOW)).id()).isEqualTo(4);
        assertThat(lines(file).get(1)).as("the invalid bytes are kept, not replaced by U+FFFD").isEqualTo(badLine);
    }

    @Test
    void aTornLastLineKeepsItsNumberWhenATodoIsAdded() throws Exception {
        Files.writeString(file, "{\"text\":\"one\",\"completed\":false}\n{\"text\":\"tw", StandardCharsets.UTF_8);
        Todo added = alpha.addTodo(DAY, Todo.open("three", Optional.empty(), NOW));
        assertThat(added.id()).isEqualTo(3);
        assertThat(Files.readString(file)).isEqualTo("{\"text\":\"one\",\"completed\":false}\n{\"text\":\"tw\n"
                + "{\"text\":\"three\",\"completed\":false,\"created_at\":" + NOW + ",\"updated_at\":" + NOW + "}\n");
        assertThat(alpha.todos(DAY)).extracting(Todo::id).containsExactly(1, 3);
        assertThat(warnings.warnings()).anySatisfy(w -> assertThat(w.line()).isEqualTo(2));
    }
}
