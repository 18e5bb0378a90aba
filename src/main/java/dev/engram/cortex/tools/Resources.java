package dev.engram.cortex.tools;

import dev.engram.cortex.api.ToolCaller;
import dev.engram.journal.AudioTranscript;
import dev.engram.journal.Day;
import dev.engram.journal.FacetStore;
import dev.engram.journal.Insight;
import dev.engram.journal.Names;
import dev.engram.journal.ScreenExtract;
import dev.engram.journal.ScreenFrame;
import dev.engram.journal.Segment;
import dev.engram.journal.SegmentFiles;
import dev.engram.journal.SegmentKey;
import dev.engram.journal.Todo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.node.ObjectNode;

/**
 * The reference's {@code journal://} resources, read by {@code get_resource} (and the MCP server's resources):
 * {@code insight/{day}/{topic}}, {@code transcripts/{full|audio|screen|summary}/{day}/{HHMMSS}/{seconds}} (every
 * segment of that window), {@code todo/{facet}/{day}} and {@code media/{day}/{segment}/{name}} (a description with a
 * link and the segment's transcript or screen extract, never the bytes); all text, at most {@link #MAX_TEXT}
 * characters; plus the tools {@code get_transcript} and {@code get_insight}. Transcripts, insights and
 * media belong to no facet, so a facet-restricted caller may not read them.
 */
final class Resources {
    /** Characters of text one read returns (about 25,000 tokens); longer text is cut with a note saying so. */
    static final int MAX_TEXT = 100_000;
    /** Characters of a media file's transcript or screen extract in its description. */
    static final int MAX_MEDIA_EXTRACT = 4_000;
    private static final Pattern URI = Pattern.compile("journal://(insight|transcripts|todo|media)/(.+)");
    private static final DateTimeFormatter HMS = DateTimeFormatter.ofPattern("HH:mm:ss");
    private static final DateTimeFormatter HHMMSS = DateTimeFormatter.ofPattern("HHmmss");
    private static final List<String> MODES = List.of("full", "audio", "screen", "summary");
    private final ToolEnv env;

    Resources(ToolEnv env) {
        this.env = env;
    }

    List<ToolDef> defs() {
        return List.of(
                ToolDef.read("journal", "get_resource", "Read a journal resource by URI: journal://insight/{day}/"
                        + "{topic}, journal://transcripts/{full|audio|screen|summary}/{day}/{HHMMSS}/{seconds},"
                        + " journal://todo/{facet}/{day}, journal://media/{day}/{segment}/{file}.",
                        Schema.of().string("uri", true, "the resource URI, e.g. journal://insight/20240101/flow"),
                        (a, c) -> read(a.string("uri"), c)),
                ToolDef.read("journal", "get_transcript", "The transcript of one segment (what was said and what was"
                        + " on screen), as text with clock times.", Schema.of().day("day", true, "the day, YYYYMMDD")
                        .string("segment", true, "the segment, HHMMSS_LEN as search results give it")
                        .string("mode", false, "full (default), audio, screen or summary"), this::transcriptTool),
                ToolDef.read("journal", "get_insight", "An insight (markdown summary) of a day, or of one segment.",
                        Schema.of().day("day", true, "the day, YYYYMMDD").string("topic", true, "e.g. flow, activity")
                                .string("segment", false, "the segment, HHMMSS_LEN, for a segment's insight"),
                        this::insightTool));
    }

    /**
     * The resource's content, always text of at most {@link #MAX_TEXT} characters: markdown or a transcript, and for
     * media a JSON description with a link, never the media's bytes.
     */
    String read(String uri, ToolCaller caller) {
        Matcher m = URI.matcher(uri == null ? "" : uri);
        if (!m.matches()) {
            throw new ToolArgException("get_resource: unknown resource '" + uri + "'; use journal://insight/{day}/"
                    + "{topic}, journal://transcripts/{mode}/{day}/{HHMMSS}/{seconds}, journal://todo/{facet}/{day}"
                    + " or journal://media/{day}/{segment}/{file}");
        }
        String[] p = m.group(2).split("/", -1);
        return switch (m.group(1)) {
            case "insight" -> {
                parts(uri, p, 2);
                unrestricted(caller, "insights");
                yield insight(day(p[0]), p[1], Optional.empty());
            }
            case "transcripts" -> {
                parts(uri, p, 4);
                unrestricted(caller, "transcripts");
                yield window(mode(p[0]), day(p[1]), time(p[2]), seconds(p[3]));
            }
            case "todo" -> {
                parts(uri, p, 2);
                if (!Names.isFacet(p[0])) {
                    throw new ToolArgException("get_resource: '" + p[0] + "' is not a facet name");
                }
                if (!caller.facets().isEmpty() && !caller.facets().contains(p[0])) {
                    throw new ToolArgException(JournalTools.outsideFacets(p[0], caller));
                }
                yield todos(env.facet(p[0], caller), day(p[1]));
            }
            default -> {
                parts(uri, p, 3);
                unrestricted(caller, "media");
                yield media(uri, day(p[0]), segmentKey(p[1]), p[2]);
            }
        };
    }

    private String transcriptTool(Args a, ToolCaller caller) {
        unrestricted(caller, "transcripts");
        Day day = a.day("day");
        SegmentKey key = segmentKey(a.string("segment"));
        Segment seg = env.journal().days().segment(day, key).orElseThrow(() -> new ToolArgException("there is no"
                + " segment " + key.key() + " on " + day.key()));
        return cut(transcript(seg, mode(a.optString("mode").orElse("full"))));
    }

    private String insightTool(Args a, ToolCaller caller) {
        unrestricted(caller, "insights");
        Optional<SegmentKey> seg = a.optString("segment").map(Resources::segmentKey);
        return insight(a.day("day"), a.text("topic"), seg);
    }

    private String insight(Day day, String topic, Optional<SegmentKey> segment) {
        List<Insight> all;
        if (segment.isPresent()) {
            Segment seg = env.journal().days().segment(day, segment.get()).orElseThrow(() -> new ToolArgException(
                    "there is no segment " + segment.get().key() + " on " + day.key()));
            all = env.journal().days().files(seg).insights();
        } else {
            all = env.journal().days().insights(day);
        }
        return all.stream().filter(i -> i.topic().equals(topic)).findFirst().map(i -> cut(i.markdown()))
                .orElseThrow(() -> new ToolArgException("there is no insight '" + topic + "' on " + day.key()
                        + segment.map(s -> " in segment " + s.key()).orElse("") + "; topics there: "
                        + String.join(", ", all.stream().map(Insight::topic).toList())));
    }

    private String window(String mode, Day day, LocalTime start, int seconds) {
        LocalDateTime from = day.date().atTime(start);
        LocalDateTime to = from.plusSeconds(seconds);
        StringBuilder sb = new StringBuilder();
        for (Segment s : env.journal().days().segments(day)) {
            if (s.start().isBefore(to) && s.end().isAfter(from) || s.start().equals(from)) {
                sb.append("## ").append(s.key().key()).append('\n').append(transcript(s, mode)).append('\n');
            }
        }
        if (sb.isEmpty()) {
            return "no segments on " + day.key() + " between " + start.format(HMS) + " and " + to.toLocalTime()
                    .format(HMS);
        }
        return cut(sb.toString());
    }

    private String transcript(Segment seg, String mode) {
        SegmentFiles files = env.journal().days().files(seg);
        StringBuilder sb = new StringBuilder();
        if (mode.equals("full") || mode.equals("audio")) {
            for (AudioTranscript t : files.audio()) {
                for (AudioTranscript.Utterance u : t.utterances()) {
                    sb.append(seg.start().plus(u.offset()).toLocalTime().format(HMS)).append(' ')
                            .append(u.speaker().map(s -> s + ": ").orElse("")).append(u.text()).append('\n');
                }
            }
        }
        if (mode.equals("full") || mode.equals("screen")) {
            for (ScreenExtract s : files.screens()) {
                for (ScreenFrame f : s.frames()) {
                    String what = f.tmux().map(t -> t.panes().stream().map(ScreenFrame.TmuxPane::plainContent)
                            .reduce("", (x, y) -> x + y + "\n")).orElse(f.visualDescription());
                    sb.append(seg.start().plusNanos((long) (f.timestamp() * 1e9)).toLocalTime().format(HMS))
                            .append(" [screen").append(f.primary().isEmpty() ? "" : ": " + f.primary()).append("] ")
                            .append(what.strip()).append('\n');
                }
            }
        }
        if (mode.equals("full") || mode.equals("summary")) {
            for (Insight i : files.insights()) {
                sb.append("### ").append(i.topic()).append('\n').append(i.markdown().strip()).append('\n');
            }
        }
        return sb.toString();
    }

    private static String todos(FacetStore fs, Day day) {
        StringBuilder sb = new StringBuilder("# Todos of " + fs.name() + " on " + day.key() + "\n");
        for (Todo t : fs.todos(day)) {
            String box = switch (t.status()) {
                case OPEN -> "[ ]";
                case DONE -> "[x]";
                case CANCELLED -> "[-]";
            };
            sb.append(t.id()).append(". ").append(box).append(' ').append(t.text())
                    .append(t.time().map(x -> " (" + x + ")").orElse("")).append('\n');
        }
        return sb.toString();
    }

    /**
     * A media file described, never inlined: its type, size, segment and a link to open it in Engram, with what the
     * journal says of it (the segment's transcript for audio, its screen extract for video and images), cut at
     * {@link #MAX_MEDIA_EXTRACT} characters. Audio, video and images would fill a model's context with bytes it cannot
     * use (base64 of a segment's audio is megabytes).
     */
    private String media(String uri, Day day, SegmentKey key, String name) {
        Segment seg = env.journal().days().segment(day, key).orElseThrow(() -> new ToolArgException("there is no"
                + " segment " + key.key() + " on " + day.key()));
        SegmentFiles files = env.journal().days().files(seg);
        if (!files.media().contains(name)) {
            throw new ToolArgException("no media file '" + name + "' in " + day.key() + "/" + key.key() + "; media"
                    + " there: " + String.join(", ", files.media()));
        }
        Path file = files.file(name);
        long size;
        try {
            if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                throw new ToolArgException("'" + name + "' is not a regular file");
            }
            size = Files.size(file);
        } catch (IOException e) {
            throw new ToolArgException("cannot read '" + name + "': " + e.getMessage());
        }
        boolean audio = SegmentFiles.isAudio(name);
        String extract = transcript(seg, audio ? "audio" : "screen");
        ObjectNode o = ToolJson.object();
        o.put("uri", uri);
        o.put("mime_type", mime(name));
        o.put("bytes", size);
        o.put("segment", day.key() + "/" + key.key());
        o.put("start", seg.start().toLocalTime().format(HMS));
        o.put("end", seg.end().toLocalTime().format(HMS));
        o.put("link", "/app/transcripts/media/" + day.key() + "/" + key.key() + "/" + name);
        o.put("note", "the media itself is not given to models; the owner can open the link in Engram");
        o.put(audio ? "transcript" : "screen", extract.length() <= MAX_MEDIA_EXTRACT ? extract
                : extract.substring(0, MAX_MEDIA_EXTRACT) + "\n[cut: " + (extract.length() - MAX_MEDIA_EXTRACT)
                        + " more characters; read journal://transcripts/" + (audio ? "audio" : "screen") + "/"
                        + day.key() + "/" + seg.start().toLocalTime().format(HHMMSS) + "/" + key.lengthSeconds() + "]");
        return ToolJson.write(o);
    }

    static String mime(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return n.endsWith(".flac") ? "audio/flac" : n.endsWith(".png") ? "image/png" : n.endsWith(".jpg")
                || n.endsWith(".jpeg") ? "image/jpeg" : n.endsWith(".webm") ? "video/webm" : n.endsWith(".m4a")
                ? "audio/mp4" : n.endsWith(".ogg") || n.endsWith(".opus") ? "audio/ogg" : n.endsWith(".mp3")
                ? "audio/mpeg" : n.endsWith(".wav") ? "audio/wav" : "application/octet-stream";
    }

    private static void unrestricted(ToolCaller caller, String what) {
        if (!caller.facets().isEmpty()) {
            throw new ToolArgException("this caller may read only the facets " + String.join(", ",
                    new java.util.TreeSet<>(caller.facets())) + ", and " + what + " belong to no facet; use"
                    + " search_journal, get_events or todo_list with one of those facets");
        }
    }

    private static void parts(String uri, String[] p, int n) {
        if (p.length != n || java.util.Arrays.stream(p).anyMatch(String::isEmpty)) {
            throw new ToolArgException("get_resource: '" + uri + "' does not have the resource's " + n + " parts");
        }
    }

    private static Day day(String s) {
        return Day.tryParse(s).orElseThrow(() -> new ToolArgException("'" + s + "' is not a day as YYYYMMDD"));
    }

    private static String mode(String s) {
        if (!MODES.contains(s)) {
            throw new ToolArgException("'" + s + "' is not a transcript mode; use full, audio, screen or summary");
        }
        return s;
    }

    private static LocalTime time(String s) {
        if (!s.matches("\\d{6}")) {
            throw new ToolArgException("'" + s + "' is not a time as HHMMSS");
        }
        try {
            return LocalTime.of(Integer.parseInt(s.substring(0, 2)), Integer.parseInt(s.substring(2, 4)),
                    Integer.parseInt(s.substring(4)));
        } catch (java.time.DateTimeException e) {
            throw new ToolArgException("'" + s + "' is not a time of day as HHMMSS");
        }
    }

    private static int seconds(String s) {
        if (!s.matches("\\d{1,5}") || Integer.parseInt(s) < 1 || Integer.parseInt(s) > 86_400) {
            throw new ToolArgException("'" + s + "' is not a length in seconds (1 to 86400)");
        }
        return Integer.parseInt(s);
    }

    private static SegmentKey segmentKey(String s) {
        return SegmentKey.tryParse(s).orElseThrow(() -> new ToolArgException("'" + s + "' is not a segment as"
                + " HHMMSS_LEN, e.g. 143000_300"));
    }

    private static String cut(String text) {
        return text.length() <= MAX_TEXT ? text : text.substring(0, MAX_TEXT) + "\n[cut: " + (text.length() - MAX_TEXT)
                + " more characters; ask for a shorter window or one segment]";
    }
}
