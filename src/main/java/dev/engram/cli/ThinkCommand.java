package dev.engram.cli;

import dev.engram.boot.CliCortex;
import dev.engram.boot.JournalAnnouncer;
import dev.engram.cortex.api.Agents;
import dev.engram.cortex.outbound.OutboundHttp;
import dev.engram.cortex.providers.ProviderService;
import dev.engram.journal.Day;
import dev.engram.journal.InvalidNameException;
import dev.engram.journal.Journal;
import dev.engram.journal.SegmentKey;
import dev.engram.observe.sense.OcrFrameReader;
import dev.engram.observe.sense.OpenAiTranscriber;
import dev.engram.observe.sense.Sense;
import dev.engram.think.ThinkService;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "think", description = "Run insights by hand: a day's daily run as the schedule runs it (sense's"
        + " repair of unprocessed media, the daily insights and their event extraction, then the scheduled agents),"
        + " one segment's insights (--segment), or one insight (--topic). Existing insights are kept and agents that"
        + " ran for the day are not run again unless --force. Needs an LLM provider (see engram providers).")
final class ThinkCommand implements Callable<Integer> {
    /** Runs at once for the scheduled agents (a priority group's runs start together). */
    private static final int AGENT_SLOTS = 8;

    @CommandLine.Mixin
    JournalOption journalOption;

    @CommandLine.Option(names = "--day", required = true, paramLabel = "YYYYMMDD", description = "The day.")
    String day;

    @CommandLine.Option(names = "--segment", paramLabel = "HHMMSS_LEN", description = "Only this segment's insights.")
    String segment;

    @CommandLine.Option(names = "--topic", paramLabel = "NAME", description = "Only this insight (e.g. flow).")
    String topic;

    @CommandLine.Option(names = "--force", description = "Write insights again even when they exist.")
    boolean force;

    @CommandLine.Option(names = "--no-agents", description = "Daily run: leave out the scheduled agents.")
    boolean noAgents;

    @CommandLine.Option(names = "--no-repair", description = "Daily run: leave out the repair of unprocessed media.")
    boolean noRepair;

    @CommandLine.Mixin
    SocketOption socketOption;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        Day d = IndexCommand.day(day);
        Optional<SegmentKey> seg = Optional.ofNullable(segment).map(s -> SegmentKey.tryParse(s).orElseThrow(
                () -> new UsageException("--segment must look like HHMMSS_LEN (e.g. 143000_300), got '" + s + "'")));
        Journal journal = journalOption.open();
        ProviderService providers = new ProviderService(journal, new OutboundHttp(journal), System.getenv(),
                Clock.systemDefaultZone());
        if (!providers.configured()) {
            spec.commandLine().getErr().println("engram think: " + providers.howToConfigure());
            return Failures.FAILURE;
        }
        List<String> lines;
        // think.* and observe.* events go to the bus when one is running (best effort, as the service's)
        java.nio.file.Path socket = socketOption.client(journal.root());
        dev.engram.callosum.Emitter bus = java.nio.file.Files.exists(socket)
                ? m -> dev.engram.callosum.CallosumClient.send(socket, m) : dev.engram.callosum.Emitter.none();
        boolean whole = seg.isEmpty() && topic == null;
        Sense sense = whole && !noRepair ? Sense.forCommand(journal, bus, OpenAiTranscriber.forJournal(journal,
                new OutboundHttp(journal)), OcrFrameReader.forJournal(journal)) : null;
        // what the run writes (insights, todos, entities, events) is announced as journal.changed to a running Engram
        try (IndexSnapshot index = new IndexSnapshot(journal);
             var announcer = JournalAnnouncer.start(journal, socket)) {
            Optional<Agents> agents = whole && !noAgents
                    ? Optional.of(CliCortex.agents(journal, () -> Optional.of(index), AGENT_SLOTS)) : Optional.empty();
            if (sense != null) {
                sense.start();
            }
            lines = ThinkService.runByHand(journal, providers, Clock.systemDefaultZone(), d, seg,
                    Optional.ofNullable(topic), force, (event, fields) -> bus.emit(
                            dev.engram.callosum.Message.of("think", event, fields)), agents,
                    Optional.ofNullable(sense));
        } catch (IllegalArgumentException | InvalidNameException e) {
            throw new UsageException(e.getMessage());
        } finally {
            if (sense != null) {
                sense.stop();
            }
        }
        lines.forEach(spec.commandLine().getOut()::println);
        return lines.getFirst().contains(" 0 failed") ? 0 : Failures.FAILURE;
    }
}
