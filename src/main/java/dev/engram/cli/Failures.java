package dev.engram.cli;

import java.io.PrintWriter;
import picocli.CommandLine;

/**
 * Turns exceptions into one line on stderr: usage errors exit 2 with a hint, failures exit 1. The stack trace is
 * printed only with {@code --debug}.
 */
final class Failures implements CommandLine.IExecutionExceptionHandler {
    static final int FAILURE = 1;
    static final int USAGE = 2;

    @Override
    public int handleExecutionException(Exception ex, CommandLine cl, CommandLine.ParseResult parsed) {
        PrintWriter err = cl.getErr();
        if (ex instanceof UsageException) {
            err.println(cl.getCommandSpec().qualifiedName(" ") + ": " + ex.getMessage());
            err.println("Try '" + cl.getCommandSpec().qualifiedName(" ") + " --help' for usage.");
            return USAGE;
        }
        err.println("engram: " + message(ex));
        if (GlobalOptions.debug()) {
            ex.printStackTrace(err);
        }
        err.flush();
        return FAILURE;
    }

    static int usage(CommandLine.ParameterException ex, String[] args) {
        CommandLine cl = ex.getCommandLine();
        PrintWriter err = cl.getErr();
        err.println("engram: " + ex.getMessage());
        err.println("Try '" + cl.getCommandSpec().qualifiedName(" ") + " --help' for usage.");
        err.flush();
        return USAGE;
    }

    static String message(Throwable ex) {
        String m = ex.getMessage();
        if (m == null || m.isBlank()) {
            return ex.getClass().getSimpleName() + " (run with --debug for details)";
        }
        return m;
    }
}
