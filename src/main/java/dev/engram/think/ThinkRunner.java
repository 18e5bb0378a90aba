package dev.engram.think;

import dev.engram.cortex.api.ModelUse;
import dev.engram.cortex.api.Providers;
import dev.engram.journal.Day;
import dev.engram.journal.Identity;
import dev.engram.journal.Insight;
import dev.engram.journal.Journal;
import dev.engram.journal.Segment;
import dev.engram.journal.SegmentKey;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs insights: a segment's ({@code <day>/<segment>/<topic>.md}) or a day's ({@code <day>/insights/<topic>.md}),
 * then their occurrence or anticipation extraction into the facets' events. An existing non-empty insight is kept
 * unless {@code force} (so re-running changes nothing). Every insight is logged in the day's {@code task_log.txt}
 * ({@code insight <key> ok|skipped|failed: why}) and announced on the bus ({@code think.insight},
 * {@code think.error}). A failing insight never stops the others.
 */
final class ThinkRunner {
    private static final Logger LOG = LoggerFactory.getLogger(ThinkRunner.class);

    /** What one run did. */
    record Result(int written, int kept, int failed, int events, List<String> problems) {
        static Result empty() {
            return new Result(0, 0, 0, 0, List.of());
        }

        Result plus(Result o) {
            List<String> p = new ArrayList<>(problems);
            p.addAll(o.problems);
            return new Result(written + o.written, kept + o.kept, failed + o.failed, events + o.events, p);
        }
    }

    private final Journal journal;
    private final Providers providers;
    private final Clock clock;
    private final ThinkEvents events;

    ThinkRunner(Journal journal, Providers providers, Clock clock, ThinkEvents events) {
        this.journal = journal;
        this.providers = providers;
        this.clock = clock;
        this.events = events;
    }

    /** The segment insights of one segment (or just {@code topic}). */
    Result segment(Day day, SegmentKey key, Optional<String> topic, boolean force) {
        Segment segment = journal.days().segment(day, key).orElseThrow(() -> new IllegalArgumentException(
                "no segment " + day.key() + "/" + key.key() + " in the journal"));
        InsightTemplates templates = InsightTemplates.load(journal);
        String material = Cluster.of(journal, List.of(segment));
        Result r = Result.empty();
        for (InsightTemplate t : pick(templates, "segment", topic)) {
            r = r.plus(one(templates, t, day, Optional.of(segment), material, force));
        }
        return r;
    }

    /** The daily insights of one day (or just {@code topic}). */
    Result daily(Day day, Optional<String> topic, boolean force) {
        InsightTemplates templates = InsightTemplates.load(journal);
        String material = Cluster.of(journal, journal.days().segments(day));
        Result r = Result.empty();
        for (InsightTemplate t : pick(templates, "daily", topic)) {
            r = r.plus(one(templates, t, day, Optional.empty(), material, force));
        }
        return r;
    }

    private static List<InsightTemplate> pick(InsightTemplates templates, String frequency, Optional<String> topic) {
        if (topic.isPresent()) {
            InsightTemplate t = templates.get(topic.get()).orElseThrow(() -> new IllegalArgumentException(
                    "no insight template '" + topic.get() + "' (built-in or under insights/); known: "
                            + templates.all().stream().map(InsightTemplate::name).collect(Collectors.joining(", "))));
            if (!t.frequency().equals(frequency)) {
                throw new IllegalArgumentException("insight '" + t.name() + "' runs per " + t.frequency()
                        + (t.segment() ? ": give --segment" : ": leave out --segment"));
            }
            return List.of(t);
        }
        return templates.enabled(frequency);
    }

    private Result one(InsightTemplates templates, InsightTemplate t, Day day, Optional<Segment> segment,
                       String material, boolean force) {
        String rel = day.key() + "/" + segment.map(s -> s.key().key()).orElse("insights") + "/" + t.name() + ".md";
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("day", day.key());
        segment.ifPresent(s -> fields.put("segment", s.key().key()));
        fields.put("topic", t.name());
        if (!force && existing(day, segment, t.name()).isPresent()) {
            return new Result(0, 1, 0, 0, List.of());
        }
        Optional<ChatModel> model = providers.chat(new ModelUse(segment.isPresent() ? "default" : "strong",
                "insight." + t.name(), "insight." + t.name()));
        if (model.isEmpty()) {
            return new Result(0, 0, 1, 0, List.of(providers.howToConfigure()));
        }
        try {
            String system = substitute(t.prompt(), day);
            String markdown = model.get().chat(SystemMessage.from(system), UserMessage.from(material)).aiMessage()
                    .text();
            if (markdown == null || markdown.isBlank()) {
                throw new IllegalStateException("the model answered nothing");
            }
            if (segment.isPresent()) {
                journal.days().files(segment.get()).writeInsight(t.name(), markdown.strip() + "\n");
            } else {
                journal.days().writeInsight(day, t.name(), markdown.strip() + "\n");
            }
            int filed = 0;
            List<String> problems = new ArrayList<>();
            if (t.occurrences().isPresent()) {
                Occurrences.Filed f = extract(templates, t, day, rel, markdown);
                filed = f.written();
                f.skipped().forEach(s -> problems.add(rel + ": event skipped: " + s));
            }
            log(day, "insight " + rel + " ok" + (filed > 0 ? " (" + filed + " event(s))" : ""));
            fields.put("path", rel);
            fields.put("events", filed);
            events.emit("insight", fields);
            return new Result(1, 0, 0, filed, problems);
        } catch (RuntimeException e) {
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            log(day, "insight " + rel + " failed: " + why);
            LOG.warn("insight {} failed: {}", rel, why);
            fields.put("error", why);
            events.emit("error", fields);
            return new Result(0, 0, 1, 0, List.of(rel + ": " + why));
        }
    }

    private Occurrences.Filed extract(InsightTemplates templates, InsightTemplate t, Day day, String rel,
                                      String markdown) {
        StringBuilder p = new StringBuilder(substitute(templates.extractionPrompt(t.anticipations()), day));
        if (!t.occurrences().orElse("").isBlank()) {
            p.append('\n').append(t.occurrences().get()).append('\n');
        }
        p.append("\nFacets:\n");
        journal.facets().stream().filter(f -> !f.muted()).forEach(f -> p.append("- ").append(f.name()).append(": ")
                .append(f.title()).append(f.description().isBlank() ? "" : " — " + f.description()).append('\n'));
        ChatModel model = providers.chat(new ModelUse("fast", "extract." + t.name(),
                "insight." + t.name() + ".extract")).orElseThrow(() -> new IllegalStateException(
                providers.howToConfigure()));
        String answer = model.chat(SystemMessage.from(p.toString()), UserMessage.from(markdown)).aiMessage().text();
        return Occurrences.file(journal, day, t.name(), rel, t.anticipations(), Occurrences.parse(answer));
    }

    private Optional<Insight> existing(Day day, Optional<Segment> segment, String topic) {
        List<Insight> all = segment.isPresent() ? journal.days().files(segment.get()).insights()
                : journal.days().insights(day);
        return all.stream().filter(i -> i.topic().equals(topic) && !i.markdown().isBlank()).findFirst();
    }

    /** The reference's template variables: {@code $name}, {@code $preferred}, {@code $bio}, {@code $day}. */
    private String substitute(String text, Day day) {
        Identity id = journal.config().identity();
        String preferred = id.preferred().isBlank() ? (id.name().isBlank() ? "the owner" : id.name())
                : id.preferred();
        return text.replace("$preferred", preferred).replace("$name", id.name().isBlank() ? preferred : id.name())
                .replace("$bio", id.bio()).replace("$day", day.iso());
    }

    void log(Day day, String message) {
        journal.days().logTask(day, clock.instant(), message);
    }
}
