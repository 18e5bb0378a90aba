package dev.engram.app;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Optional apps from external jars, found with {@link ServiceLoader} ({@code META-INF/services/dev.engram.app.App}).
 * Built-in apps are not loaded this way: the composition root lists them explicitly.
 */
public final class ExternalApps {
    private static final Logger LOG = LoggerFactory.getLogger(ExternalApps.class);
    private static final int MAX_ERRORS = 100;

    private ExternalApps() {
    }

    /**
     * The apps the class loader's providers give, in provider order. A provider that cannot be loaded or
     * instantiated is logged (WARN) and skipped; this never throws for a broken provider.
     */
    public static List<App> load(ClassLoader loader) {
        List<App> found = new ArrayList<>();
        Iterator<App> it = ServiceLoader.load(App.class, loader).iterator();
        int errors = 0;
        while (errors < MAX_ERRORS) {
            try {
                if (!it.hasNext()) {
                    break;
                }
                App app = it.next();
                LOG.info("found external app {} ({})", safeName(app), app.getClass().getName());
                found.add(app);
            } catch (ServiceConfigurationError | NoSuchElementException e) {
                errors++;
                LOG.warn("skipped a broken external app provider: {}", e.getMessage(),
                        e.getCause() == null ? e : e.getCause());
            }
        }
        if (errors >= MAX_ERRORS) {
            LOG.warn("stopped looking for external apps after {} broken providers", errors);
        }
        return List.copyOf(found);
    }

    private static String safeName(App app) {
        try {
            return app.name();
        } catch (RuntimeException e) {
            return "?";
        }
    }
}
