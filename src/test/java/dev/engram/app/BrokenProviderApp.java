package dev.engram.app;

/** A provider listed in META-INF/services whose constructor fails. */
public class BrokenProviderApp implements App {
    public BrokenProviderApp() {
        throw new IllegalStateException("cannot construct");
    }

    @Override
    public String name() {
        return "broken";
    }
}
