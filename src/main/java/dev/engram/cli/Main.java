package dev.engram.cli;

import java.io.PrintWriter;
import picocli.CommandLine;

/** The {@code engram} command line: parses arguments, runs one command, and turns failures into one clear line. */
public final class Main {
    /**
     * Lucene notes on stderr (java.util.logging) at every start that the optional Vector API incubator module is not
     * enabled. The keyword index does not need it; held here so the level set in {@link #main} is kept.
     */
    private static final java.util.logging.Logger LUCENE_VECTORIZATION =
            java.util.logging.Logger.getLogger("org.apache.lucene.internal.vectorization");

    private Main() {
    }

    public static void main(String[] args) {
        LUCENE_VECTORIZATION.setLevel(java.util.logging.Level.SEVERE);
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        int code = guarded(() -> run(args, out, err), err);
        dev.engram.journal.Journal.releaseStaging(); // the command wrote what it wrote: no empty staging folders left
        System.exit(code);
    }

    /**
     * Runs {@code command}; an error that escapes it (picocli hands back an {@link Error}: a class missing because the
     * jar was replaced while it ran, out of memory) is said and gives exit code 1, so that {@link #main} always
     * exits. Returning from main instead left the JVM waiting forever on a library's non-daemon thread (it was the
     * MCP SDK's session sweeper, which the MCP service now disposes when it stops; an error can escape before that).
     */
    static int guarded(java.util.function.IntSupplier command, PrintWriter err) {
        try {
            return command.getAsInt();
        } catch (Throwable t) { // the last line of defence: whatever escaped, the process must end
            err.println("engram: internal error: " + t + " (a bug, or the build replaced while this command ran;"
                    + " the stack trace follows)");
            t.printStackTrace(err);
            err.flush();
            return 1;
        }
    }

    /** Runs one command line; returns its exit code (0 ok, 1 failure, 2 usage error). */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        GlobalOptions.reset();
        try {
            CommandLine cl = commandLine(out, err);
            int code = cl.execute(args);
            out.flush();
            err.flush();
            return code;
        } finally {
            GlobalOptions.reset();
        }
    }

    static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new EngramCommand());
        cl.setOut(out);
        cl.setErr(err);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setExecutionExceptionHandler(new Failures());
        cl.setParameterExceptionHandler(Failures::usage);
        return cl;
    }
}
