package dev.engram.demo;

import dev.engram.journal.AudioTranscript;
import dev.engram.journal.AudioTranscript.Utterance;
import dev.engram.journal.Extra;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The segment's {@code audio.jsonl}: a metadata line ({@code raw: audio.flac}, setting, topics) and utterances with
 * {@code HH:MM:SS} offsets from the segment start. The owner is speaker 1 on the mic; others are speakers 2.. on
 * the system audio (a call) or the mic (in the room).
 */
final class TranscriptMaker {
    private TranscriptMaker() {
    }

    static AudioTranscript make(SegmentPlan plan, Dice dice) {
        Scene scene = plan.scene();
        Activity a = scene.activity();
        int count = a.conversation ? dice.between(7, 16) : dice.between(3, 8);
        int length = plan.key().lengthSeconds();
        int step = Math.max(1, (length - 10) / count);
        boolean remote = a == Activity.CALL || (a == Activity.MEETING && dice.chance(0.6));
        List<Utterance> utterances = new ArrayList<>(count);
        int at = dice.between(0, 6);
        String previous = "";
        for (int i = 0; i < count && at < length; i++) {
            boolean owner = !a.conversation && !dice.chance(0.2) || a.conversation && dice.chance(0.4);
            String template = dice.pick(owner ? Lines.owner(a) : Lines.other(a));
            if (template.equals(previous)) {
                template = dice.pick(owner ? Lines.owner(a) : Lines.other(a));
            }
            previous = template;
            int speaker = owner ? 1 : 2 + dice.between(0, Math.max(0, scene.people().size() - 1));
            String source = owner || !remote ? "mic" : "sys";
            utterances.add(new Utterance(clock(at), scene.fill(template, dice), Optional.of(source),
                    Optional.of(Integer.toString(speaker)), Optional.empty(), Extra.empty()));
            at += dice.between(step / 2 + 1, step + step / 2 + 1);
        }
        Extra meta = Extra.empty().with("raw", "audio.flac")
                .with("setting", scene.facet().work() ? "work" : "personal")
                .with("topics", List.of(scene.topic(), scene.project()));
        return new AudioTranscript("audio.jsonl", AudioTranscript.FORMAT, meta, utterances);
    }

    static String clock(int seconds) {
        return String.format(Locale.ROOT, "%02d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60);
    }
}
