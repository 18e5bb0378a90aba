package dev.engram.testing;

import java.util.Comparator;
import org.junit.jupiter.api.ClassOrderer;
import org.junit.jupiter.api.ClassOrdererContext;
import org.junit.jupiter.api.ClassDescriptor;

/**
 * Hands the test classes to the parallel executor longest chain first: the {@link UsesBrowser} classes share one
 * chromium and run one after the other, so together they are the slow phase's longest path; started last, they made
 * the phase wait for them alone at its end. Browser classes come first, then the classes that start processes, then
 * the rest; within each group the order is the class name's, so a run is repeatable. Set as the default orderer in
 * {@code junit-platform.properties}; it changes only when a class starts, never what it checks.
 */
public final class BrowserChainFirst implements ClassOrderer {

    @Override
    public void orderClasses(ClassOrdererContext context) {
        context.getClassDescriptors().sort(Comparator.comparingInt(BrowserChainFirst::group)
                .thenComparing(d -> d.getTestClass().getName()));
    }

    private static int group(ClassDescriptor d) {
        if (d.isAnnotated(UsesBrowser.class)) {
            return 0;
        }
        return d.isAnnotated(SpawnsProcesses.class) ? 1 : 2;
    }
}
