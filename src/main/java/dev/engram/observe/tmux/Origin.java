package dev.engram.observe.tmux;

import java.net.InetAddress;
import java.util.Locale;

/** This machine's name and platform as the observers send them ({@code host}, {@code platform}). */
record Origin(String host, String platform) {
    static Origin here() {
        String host = System.getenv("HOSTNAME");
        if (host == null || host.isBlank()) {
            try {
                host = InetAddress.getLocalHost().getHostName();
            } catch (java.io.IOException e) {
                host = "localhost";
            }
        }
        String os = System.getProperty("os.name", "linux").toLowerCase(Locale.ROOT);
        String platform = os.contains("mac") ? "darwin" : os.contains("win") ? "windows" : "linux";
        return new Origin(host, platform);
    }
}
