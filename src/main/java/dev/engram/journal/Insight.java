package dev.engram.journal;

/**
 * A markdown insight: a day's {@code YYYYMMDD/insights/<topic>.md} or a segment's {@code <topic>.md}. App insights
 * are named {@code _<app>_<topic>.md}.
 */
public record Insight(String topic, String fileName, String markdown) {
    public static final JournalFormat FORMAT =
            new JournalFormat("insight-md", 1, "<topic>.md: markdown written by an insight generator", false);

    public Insight {
        Names.fileName(fileName);
        markdown = markdown == null ? "" : markdown;
    }

    static String topicOf(String fileName) {
        return fileName.endsWith(".md") ? fileName.substring(0, fileName.length() - 3) : fileName;
    }
}
