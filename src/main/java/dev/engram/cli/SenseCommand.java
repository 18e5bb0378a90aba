package dev.engram.cli;

import dev.engram.callosum.CallosumClient;
import dev.engram.callosum.Emitter;
import dev.engram.cortex.outbound.OutboundHttp;
import dev.engram.journal.Day;
import dev.engram.journal.Journal;
import dev.engram.journal.Segment;
import dev.engram.journal.SegmentKey;
import dev.engram.observe.sense.OcrFrameReader;
import dev.engram.observe.sense.OpenAiTranscriber;
import dev.engram.observe.sense.Sense;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "sense", description = "Turn a day's captured media into text extracts again: audio is transcribed"
        + " (sense.transcribe in config/journal.json), screen recordings read by OCR (ffmpeg, tesseract), JSONL"
        + " checked. Media that already has its <stem>.jsonl is skipped unless --redo. Emits observe.* events (with"
        + " batch: true) when a bus is running.")
final class SenseCommand implements Callable<Integer> {
    @CommandLine.Mixin
    JournalOption journalOption;

    @CommandLine.Mixin
    SocketOption socketOption;

    @CommandLine.Option(names = "--day", required = true, paramLabel = "YYYYMMDD", description = "The day.")
    String day;

    @CommandLine.Option(names = "--segment", paramLabel = "HHMMSS_LEN", description = "Only this segment.")
    String segment;

    @CommandLine.Option(names = "--redo", description = "Process media again even when its extract exists.")
    boolean redo;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        Day d = IndexCommand.day(day);
        Journal journal = journalOption.open();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<Segment> segments;
        if (segment != null) {
            SegmentKey key = SegmentKey.tryParse(segment).filter(SegmentKey::wellFormed)
                    .filter(k -> k.lengthSeconds() > 0).orElseThrow(() -> new UsageException("invalid segment '"
                            + segment + "': expected HHMMSS_LEN, a time of day and a length of at least 1 s, e.g."
                            + " 143000_300"));
            segments = journal.days().segment(d, key).map(List::of).orElse(List.of());
            if (segments.isEmpty()) {
                err.println("engram sense: no segment " + d.key() + "/" + segment + " in " + journal.root());
                return 1;
            }
        } else {
            segments = journal.days().segments(d);
        }
        Path socket = socketOption.client(journal.root());
        Emitter bus;
        if (Files.exists(socket)) {
            bus = m -> CallosumClient.send(socket, m);
        } else { // said once here, instead of a warning per event that nobody is there to miss
            err.println("engram sense: no Engram is running (no bus at " + socket + "): the media is processed, no"
                    + " observe.* events are sent");
            bus = m -> true;
        }
        OutboundHttp outbound = new OutboundHttp(journal);
        OpenAiTranscriber transcriber = OpenAiTranscriber.forJournal(journal, outbound);
        Sense sense = Sense.forCommand(journal, bus, transcriber, OcrFrameReader.forJournal(journal));
        sense.failuresListedByCaller(); // printed below, segment by segment
        sense.start();
        int failed = 0;
        try {
            for (Segment s : segments) {
                List<String> names = journal.days().files(s).names();
                Sense.Outcome o = sense.process(s, names, Map.of(), redo, true).get();
                out.printf(Locale.ROOT, "%s: %d processed, %d skipped, %d checked, %d failed (%.1f s)%n", s.id(),
                        o.processed().size(), o.skipped().size(), o.checked().size(), o.errors().size(), o.seconds());
                o.errors().forEach(e -> out.println("  failed: " + e));
                failed += o.errors().size();
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } finally {
            sense.stop();
        }
        if (segments.isEmpty()) {
            out.println("no segments on " + d.key());
        }
        if (failed > 0) {
            err.println("engram sense: " + failed + " file(s) failed (listed above)");
            return 1;
        }
        return 0;
    }
}
