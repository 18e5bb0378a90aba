package dev.engram.cli;

import dev.engram.cortex.outbound.OutboundHttp;
import dev.engram.cortex.providers.ProviderService;
import dev.engram.journal.Day;
import dev.engram.journal.InvalidNameException;
import dev.engram.journal.Journal;
import dev.engram.journal.SegmentKey;
import dev.engram.think.ThinkService;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "think", description = "Run insights by hand: a day's daily run (its daily insights and their"
        + " event extraction), one segment's insights (--segment), or one insight (--topic). Existing insights are"
        + " kept unless --force. Needs an LLM provider (see engram providers).")
final class ThinkCommand implements Callable<Integer> {
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
        try {
            // think.* events go to the bus when one is running (best effort, as the service's)
            java.nio.file.Path socket = socketOption.resolve(journal.root());
            boolean bus = java.nio.file.Files.exists(socket);
            lines = ThinkService.runByHand(journal, providers, Clock.systemDefaultZone(), d, seg,
                    Optional.ofNullable(topic), force, (event, fields) -> {
                        if (bus) {
                            dev.engram.callosum.CallosumClient.send(socket,
                                    dev.engram.callosum.Message.of("think", event, fields));
                        }
                    });
        } catch (IllegalArgumentException | InvalidNameException e) {
            throw new UsageException(e.getMessage());
        }
        lines.forEach(spec.commandLine().getOut()::println);
        return lines.getFirst().contains(" 0 failed") ? 0 : Failures.FAILURE;
    }
}
