package dev.engram.observe.api;

/** A just-created observer and its key: the only time the key exists outside the observer's own configuration. */
public record NewObserver(Observer observer, String key) {
    @Override
    public String toString() {
        return "NewObserver[" + observer.prefix() + ", " + observer.name() + "]"; // never the key
    }
}
