package dev.engram.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "demo", description = "Generate a realistic demo journal (not yet available).")
final class DemoCommand implements Callable<Integer> {
    @CommandLine.Mixin
    JournalOption journalOption;

    @Override
    public Integer call() {
        throw new UnsupportedOperationException("engram demo is not built yet");
    }
}
