package dev.engram.app;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

/**
 * Two catch-all handlers, {@code a} and {@code b}, recording "start:event:handler" and "end:event:handler". On event
 * {@code block} both wait for {@link #gate}; on {@code block_a} only {@code a} does. On {@code boom}, {@code a} throws.
 * On {@code stubborn}, {@code a} waits for the gate ignoring interrupts. {@link #stop} records "app-stop", and
 * {@link #eventsDropped} "dropped:N".
 */
public class GateApp implements App {
    final List<String> log = new CopyOnWriteArrayList<>();
    final Set<String> threads = java.util.concurrent.ConcurrentHashMap.newKeySet();
    final CountDownLatch gate = new CountDownLatch(1);
    final CountDownLatch blocked = new CountDownLatch(2);
    final CountDownLatch stubborn = new CountDownLatch(1);
    final List<Long> toldDropped = new CopyOnWriteArrayList<>();

    @Override
    public String name() {
        return "gate";
    }

    @OnEvent(tract = "*", event = "*")
    public void a(EventContext ctx) {
        step("a", ctx);
    }

    @OnEvent(tract = "*", event = "*")
    public void b(EventContext ctx) {
        step("b", ctx);
    }

    private void step(String handler, EventContext ctx) {
        String event = ctx.event();
        threads.add(Thread.currentThread().getName());
        log.add("start:" + event + ":" + handler);
        if (event.equals("block") || event.equals("block_" + handler)) {
            blocked.countDown();
            Waits.block(gate);
        }
        if (event.equals("stubborn") && handler.equals("a")) {
            stubborn.countDown();
            while (!Waits.block(gate)) {
                log.add("interrupted:" + handler);
                Thread.interrupted();
            }
        }
        if (event.equals("boom") && handler.equals("a")) {
            throw new IllegalStateException("boom in a");
        }
        log.add("end:" + event + ":" + handler);
    }

    @Override
    public void eventsDropped(long count) {
        toldDropped.add(count);
        log.add("dropped:" + count);
    }

    @Override
    public void stop() {
        log.add("app-stop");
    }

    int indexOf(String entry) {
        int i = log.indexOf(entry);
        if (i < 0) {
            throw new AssertionError("no " + entry + " in " + log);
        }
        return i;
    }
}
