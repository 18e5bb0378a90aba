package dev.engram.cli;

import picocli.CommandLine;

/** Reads the version from the jar manifest (set by the build), or "development" when run from classes. */
final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = Main.class.getPackage().getImplementationVersion();
        return new String[] {"engram " + (v == null ? "development build" : v),
            "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")"};
    }
}
