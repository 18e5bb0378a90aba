package dev.engram.apps.support;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * A small journal written as raw files in the on-disk format: two days in March 2024, three segments (audio, screen
 * and tmux extracts, a FLAC and a WebM capture, a PNG screen image), a day insight with raw HTML and a javascript:
 * link, and two facets
 * ({@code work}, and the muted {@code personal}) with todos and events; {@code work} also has detected entities
 * and news on {@link #DAY}.
 */
public final class TestJournal {
    public static final String DAY = "20240315";
    public static final String SEGMENT = "093000_300";
    /** Size of the fake {@code audio.flac}; byte i holds {@code i % 251}. */
    public static final int AUDIO_BYTES = 10_000;

    private TestJournal() {
    }

    /** Writes the test day ({@link #DAY}: segments, facets, todos, events, insights) under this journal root. */
    public static void fill(Path root) {
        Path seg = root.resolve(DAY).resolve(SEGMENT);
        write(seg.resolve("audio.jsonl"), """
                {"raw": "audio.flac", "setting": "office"}
                {"start": "00:00:05", "source": "mic", "speaker": 1, "text": "Good morning team"}
                {"start": "00:01:10", "source": "sys", "speaker": 2, "text": "Let's review the <b>roadmap</b>"}
                """);
        write(seg.resolve("center_DP-1_screen.jsonl"), """
                {"raw": "center_DP-1_screen.webm"}
                {"frame_id": 1, "timestamp": 12.0, "analysis": {"visual_description": "Editor showing Main.java", "primary": "code", "secondary": "none", "overlap": false}}
                """);
        write(seg.resolve("tmux_main_screen.jsonl"), """
                {"raw": "tmux"}
                {"frame_id": 1, "timestamp": 30.0, "analysis": {"visual_description": "Terminal", "primary": "tmux"}, "content": {"tmux": {"session": "main", "window": "0", "panes": [{"id": "%0", "index": 0, "active": true, "content": "\\u001b[32muser@host\\u001b[0m$ ls -la"}]}}}
                """);
        byte[] audio = new byte[AUDIO_BYTES];
        for (int i = 0; i < audio.length; i++) {
            audio[i] = (byte) (i % 251);
        }
        writeBytes(seg.resolve("audio.flac"), audio);
        writeBytes(seg.resolve("center_DP-1_screen.webm"), new byte[] {0x1a, 0x45, (byte) 0xdf, (byte) 0xa3});
        writeBytes(seg.resolve("center_DP-1_0012.png"), png());
        write(root.resolve(DAY).resolve("140000_600").resolve("audio.jsonl"), """
                {"raw": "audio.flac"}
                {"start": "00:00:01", "speaker": 1, "text": "Afternoon call"}
                """);
        write(root.resolve("20240316").resolve("100000_300").resolve("audio.jsonl"), """
                {"raw": "audio.flac"}
                {"start": "00:00:01", "text": "Saturday"}
                """);
        write(root.resolve(DAY).resolve("insights").resolve("flow.md"), """
                # Flow

                Worked on **Engram** all morning.

                <script>alert('x')</script>

                [bad](javascript:alert(1)) and [good](https://example.com)
                """);
        Path work = root.resolve("facets").resolve("work");
        write(work.resolve("facet.json"), """
                {"title": "Work", "description": "Day job", "color": "#3366cc", "emoji": "💼", "muted": false}
                """);
        write(work.resolve("todos").resolve(DAY + ".jsonl"), """
                {"text": "Write tests", "time": "10:00", "completed": false}
                {"text": "Ship release", "completed": true}
                {"text": "Dropped idea", "cancelled": true}
                """);
        write(work.resolve("events").resolve(DAY + ".jsonl"), """
                {"type": "meeting", "start": "09:30:00", "end": "10:00:00", "title": "Standup", "summary": "Daily standup", "facet": "work", "topic": "meetings", "occurred": true, "source": "20240315/insights/meetings.md", "work": true, "participants": ["Ana", "Ben"], "details": ""}
                """);
        write(work.resolve("entities").resolve(DAY + ".jsonl"), """
                {"type": "Person", "name": "Ana", "description": "Ran the <i>standup</i>"}
                {"type": "Project", "name": "Engram", "description": "The memory agent", "detached": true}
                {"type": "Tool", "name": "Maven", "description": "Builds it"}
                """);
        write(work.resolve("news").resolve(DAY + ".md"), """
                # Work news

                - The release is **on track**.
                """);
        Path personal = root.resolve("facets").resolve("personal");
        write(personal.resolve("facet.json"), """
                {"title": "Personal", "description": "", "color": "#cc6633", "emoji": "🏡", "muted": true}
                """);
        write(personal.resolve("todos").resolve(DAY + ".jsonl"), """
                {"text": "Buy milk", "completed": false}
                """);
        write(personal.resolve("events").resolve("20240316.jsonl"), """
                {"type": "social", "start": "19:00:00", "end": null, "title": "Dinner", "summary": "", "facet": "personal", "topic": "meetings", "occurred": true, "source": "", "work": false, "participants": [], "details": ""}
                """);
    }

    /** A 64x40 PNG, half blue, half orange: a screen image of the segment. */
    private static byte[] png() {
        BufferedImage image = new BufferedImage(64, 40, BufferedImage.TYPE_INT_RGB);
        for (int x = 0; x < 64; x++) {
            for (int y = 0; y < 40; y++) {
                image.setRGB(x, y, x < 32 ? 0x3366cc : 0xe07b00);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void write(Path file, String text) {
        writeBytes(file, text.getBytes(StandardCharsets.UTF_8));
    }

    private static void writeBytes(Path file, byte[] bytes) {
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
