package dev.engram.index;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits markdown into search chunks by the reference's rules (spec §5): a chunk carries its full header path; each
 * plain paragraph, list item, table row (repeated with the table head) and code block is a chunk; a paragraph right
 * before a list or table is an "intro" attached to that list's or table's chunks; a definition list (at least two
 * items, at least half shaped {@code **field:** value} without a trailing period) stays one chunk. Line based and
 * total: any text gives chunks, never an error. Stateless and thread-safe.
 */
final class MarkdownChunker {
    private static final Pattern HEADING = Pattern.compile("^(#{1,6})\\s+(.*?)\\s*#*\\s*$");
    private static final Pattern ITEM = Pattern.compile("^\\s{0,3}(?:[-*+]|\\d{1,9}[.)])\\s+(.*)$");
    private static final Pattern FENCE = Pattern.compile("^\\s{0,3}(```+|~~~+)");
    private static final Pattern TABLE_RULE = Pattern.compile("^\\s*\\|?\\s*:?-{2,}:?\\s*(\\|\\s*:?-{2,}:?\\s*)*\\|?\\s*$");
    private static final Pattern DEFINITION = Pattern.compile("^\\*\\*[^*]+:\\*\\*\\s*\\S.*$");

    private MarkdownChunker() {
    }

    private sealed interface Block permits Heading, Paragraph, ListBlock, Table, Code {
    }

    private record Heading(int level, String title) implements Block {
    }

    private record Paragraph(String text) implements Block {
    }

    private record ListBlock(List<String> items) implements Block {
    }

    private record Table(String head, List<String> rows) implements Block {
    }

    private record Code(String text) implements Block {
    }

    /** The chunks of {@code markdown}, in document order, all with {@code time}. */
    static List<Chunk> chunks(String markdown, Optional<String> time) {
        List<Block> blocks = blocks(markdown.replace("\r\n", "\n").replace('\r', '\n').split("\n", -1));
        List<Chunk> out = new ArrayList<>();
        List<String> headers = new ArrayList<>();
        List<Integer> levels = new ArrayList<>();
        String intro = "";
        for (int i = 0; i < blocks.size(); i++) {
            Block b = blocks.get(i);
            String path = String.join(" > ", headers);
            switch (b) {
                case Heading h -> {
                    while (!levels.isEmpty() && levels.getLast() >= h.level()) {
                        levels.removeLast();
                        headers.removeLast();
                    }
                    levels.add(h.level());
                    headers.add(h.title());
                    intro = "";
                }
                case Paragraph p -> {
                    Block next = i + 1 < blocks.size() ? blocks.get(i + 1) : null;
                    if (next instanceof ListBlock || next instanceof Table) {
                        intro = p.text() + "\n\n";
                    } else {
                        out.add(new Chunk(p.text(), path, time));
                        intro = "";
                    }
                }
                case ListBlock l -> {
                    if (isDefinitionList(l.items())) {
                        out.add(new Chunk(intro + "- " + String.join("\n- ", l.items()), path, time));
                    } else {
                        for (String item : l.items()) {
                            out.add(new Chunk(intro + "- " + item, path, time));
                        }
                    }
                    intro = "";
                }
                case Table t -> {
                    for (String row : t.rows()) {
                        out.add(new Chunk(intro + (t.head().isEmpty() ? row : t.head() + "\n" + row), path, time));
                    }
                    intro = "";
                }
                case Code c -> {
                    out.add(new Chunk(c.text(), path, time));
                    intro = "";
                }
            }
        }
        if (!intro.isEmpty()) { // a paragraph before an empty list: keep it
            out.add(new Chunk(intro.strip(), String.join(" > ", headers), time));
        }
        return out;
    }

    static boolean isDefinitionList(List<String> items) {
        if (items.size() < 2) {
            return false;
        }
        long shaped = items.stream().map(String::strip).filter(s -> DEFINITION.matcher(s).matches() && !s.endsWith("."))
                .count();
        return shaped * 2 >= items.size();
    }

    private static List<Block> blocks(String[] lines) {
        List<Block> out = new ArrayList<>();
        int i = 0;
        while (i < lines.length) {
            String line = lines[i];
            Matcher fence = FENCE.matcher(line);
            Matcher heading = HEADING.matcher(line);
            if (line.isBlank()) {
                i++;
            } else if (fence.find()) {
                String marker = fence.group(1);
                StringBuilder sb = new StringBuilder(line).append('\n');
                i++;
                while (i < lines.length && !lines[i].strip().startsWith(marker)) {
                    sb.append(lines[i++]).append('\n');
                }
                if (i < lines.length) {
                    sb.append(lines[i++]);
                }
                out.add(new Code(sb.toString().strip()));
            } else if (heading.matches()) {
                out.add(new Heading(heading.group(1).length(), heading.group(2)));
                i++;
            } else if (ITEM.matcher(line).matches()) {
                i = list(lines, i, out);
            } else if (line.strip().startsWith("|")) {
                i = table(lines, i, out);
            } else {
                StringBuilder sb = new StringBuilder(line.strip());
                i++;
                while (i < lines.length && !lines[i].isBlank() && !startsBlock(lines[i])) {
                    sb.append('\n').append(lines[i++].strip());
                }
                out.add(new Paragraph(sb.toString()));
            }
        }
        return out;
    }

    private static boolean startsBlock(String line) {
        return FENCE.matcher(line).find() || HEADING.matcher(line).matches() || ITEM.matcher(line).matches()
                || line.strip().startsWith("|");
    }

    private static int list(String[] lines, int start, List<Block> out) {
        List<String> items = new ArrayList<>();
        int i = start;
        StringBuilder item = null;
        while (i < lines.length) {
            String line = lines[i];
            Matcher m = ITEM.matcher(line);
            boolean indented = line.startsWith("  ") || line.startsWith("\t");
            if (m.matches() && (item == null || leading(line) <= leading(lines[start]))) {
                if (item != null) {
                    items.add(item.toString());
                }
                item = new StringBuilder(m.group(1).strip());
                i++;
            } else if (!line.isBlank() && item != null && (indented || !startsBlock(line))) {
                item.append('\n').append(line.strip());
                i++;
            } else if (line.isBlank() && i + 1 < lines.length && ITEM.matcher(lines[i + 1]).matches()) {
                i++;
            } else {
                break;
            }
        }
        if (item != null) {
            items.add(item.toString());
        }
        out.add(new ListBlock(items));
        return i;
    }

    private static int leading(String line) {
        return line.length() - line.stripLeading().length();
    }

    private static int table(String[] lines, int start, List<Block> out) {
        List<String> rows = new ArrayList<>();
        int i = start;
        while (i < lines.length && lines[i].strip().startsWith("|")) {
            rows.add(lines[i++].strip());
        }
        String head = "";
        if (rows.size() >= 2 && TABLE_RULE.matcher(rows.get(1)).matches()) {
            head = rows.get(0);
            rows = new ArrayList<>(rows.subList(2, rows.size()));
        }
        rows.removeIf(r -> TABLE_RULE.matcher(r).matches());
        out.add(new Table(head, rows));
        return i;
    }
}
