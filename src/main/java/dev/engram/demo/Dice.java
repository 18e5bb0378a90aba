package dev.engram.demo;

import java.util.List;
import java.util.SplittableRandom;

/** A seeded random stream with the few draws the generator needs. Not thread-safe: one per day task. */
final class Dice {
    private final SplittableRandom random;

    Dice(long seed) {
        this.random = new SplittableRandom(seed);
    }

    /** The stream of one day: independent of the order in which days are generated. */
    static Dice forDay(long seed, long epochDay) {
        return new Dice(seed * 0x9E3779B97F4A7C15L + epochDay * 0xC2B2AE3D27D4EB4FL + 17);
    }

    <T> T pick(List<T> items) {
        return items.get(random.nextInt(items.size()));
    }

    /** Distinct items in a random order (all of them when fewer than {@code n}). */
    <T> List<T> sample(List<T> items, int n) {
        java.util.ArrayList<T> copy = new java.util.ArrayList<>(items);
        int k = Math.min(n, copy.size());
        for (int i = 0; i < k; i++) {
            java.util.Collections.swap(copy, i, i + random.nextInt(copy.size() - i));
        }
        return List.copyOf(copy.subList(0, k));
    }

    boolean chance(double p) {
        return random.nextDouble() < p;
    }

    /** A uniform int in {@code [lo, hi]}. */
    int between(int lo, int hi) {
        return lo + random.nextInt(hi - lo + 1);
    }

    double unit() {
        return random.nextDouble();
    }
}
