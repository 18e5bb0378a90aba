package dev.engram.cli;

import dev.engram.convey.Passwords;
import dev.engram.journal.Journal;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "password", description = "Set the password of the web UI (Convey). Asks twice on a terminal; "
        + "without a terminal reads one line from standard input, for scripts.")
final class PasswordCommand implements Callable<Integer> {
    @CommandLine.Mixin
    JournalOption journalOption;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        Journal journal = journalOption.open();
        char[] password = read();
        try {
            if (password.length < Passwords.MIN_LENGTH) {
                throw new UsageException("the password must have at least " + Passwords.MIN_LENGTH + " characters");
            }
            Passwords.set(journal, password);
        } finally {
            Arrays.fill(password, ' ');
        }
        spec.commandLine().getOut().println("Password set for the journal at " + journal.root()
                + " (stored as a salted hash in config/journal.json).");
        return 0;
    }

    /** A console on a real terminal (JDK 22+ may return a console for redirected streams too). */
    private static boolean interactive(Console console) {
        if (console == null) {
            return false;
        }
        try {
            return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }

    private static char[] read() {
        Console console = System.console();
        if (!interactive(console)) {
            try {
                String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
                if (line == null) {
                    throw new UsageException("no password given: type it on a terminal or pipe one line to stdin");
                }
                return line.toCharArray();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the password from stdin", e);
            }
        }
        char[] first = console.readPassword("New password: ");
        char[] second = console.readPassword("Repeat it: ");
        if (first == null || second == null) {
            throw new UsageException("no password given");
        }
        boolean same = Arrays.equals(first, second);
        Arrays.fill(second, ' ');
        if (!same) {
            Arrays.fill(first, ' ');
            throw new UsageException("the two passwords differ; nothing was changed");
        }
        return first;
    }
}
