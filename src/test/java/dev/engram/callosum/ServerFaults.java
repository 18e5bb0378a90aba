package dev.engram.callosum;

/** Test support for other packages' tests: reaches the server's package-private fault hook. */
public final class ServerFaults {
    private ServerFaults() {
    }

    /** Makes the server's I/O loop throw {@code e} at its next turn (the loop dies, the server closes). */
    public static void failIoLoop(CallosumServer server, RuntimeException e) {
        server.failIoLoop(e);
    }
}
