package dev.engram.cli;

import java.io.PrintWriter;
import picocli.CommandLine;

/** The {@code engram} command line: parses arguments, runs one command, and turns failures into one clear line. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs one command line; returns its exit code (0 ok, 1 failure, 2 usage error). */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        GlobalOptions.reset();
        CommandLine cl = commandLine(out, err);
        int code = cl.execute(args);
        out.flush();
        err.flush();
        return code;
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
